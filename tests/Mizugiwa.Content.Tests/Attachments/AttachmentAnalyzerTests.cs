using System.Text;
using Mizugiwa.Content.Attachments;
using static Mizugiwa.Content.Tests.Attachments.AttachmentMessages;

namespace Mizugiwa.Content.Tests.Attachments;

public sealed class AttachmentAnalyzerTests
{
    private static async Task<ContentReport> Analyze(string raw, AttachmentPolicyOptions? options = null)
    {
        var report = new ContentReport();
        var analyzer = new AttachmentAnalyzer(new AttachmentPolicy(options ?? new AttachmentPolicyOptions { Action = AttachmentAction.Score }));
        await analyzer.AnalyzeAsync(Read(raw), report, CancellationToken.None);
        return report;
    }

    private static ContentSymbol? Symbol(ContentReport report, string name) => report.Symbols.SingleOrDefault(s => s.Name == name);

    [Fact]
    public void It_is_an_analysis_stage_analyzer_named_attachment()
    {
        var analyzer = new AttachmentAnalyzer(new AttachmentPolicy(new AttachmentPolicyOptions()));
        Assert.Equal("attachment", analyzer.Name);
        Assert.Equal(ContentStage.Analysis, analyzer.Stage);
    }

    [Fact]
    public async Task Harmless_attachments_get_no_symbols()
    {
        var report = await Analyze(Raw(A("report.pdf", "application/pdf", Pdf), A("photo.jpg", "image/jpeg", Jpeg),
            new("data.zip", "application/zip", Zip("a.txt", "b/c.pdf"))));
        Assert.Empty(report.Symbols);
        Assert.Equal(ContentAction.None, report.ForcedAction);
    }

    [Theory]
    [InlineData("run.exe")]
    [InlineData("Script.JS")]
    [InlineData("update.ps1")]
    [InlineData("disk.iso")]
    [InlineData("setup.exe. .")]
    public async Task Blocked_extensions_fire(string name)
    {
        var report = await Analyze(Raw(A(name, "application/octet-stream", Exe)));
        Assert.Equal(8.0, Symbol(report, "ATTACHMENT_BLOCKED")?.DefaultScore);
    }

    [Fact]
    public async Task The_blocked_list_is_configurable()
    {
        var options = new AttachmentPolicyOptions { Action = AttachmentAction.Score, BlockedExtensions = ["docm"] };
        Assert.NotNull(Symbol(await Analyze(Raw(A("macro.docm", "application/octet-stream", Zip("word/document.xml"))), options), "ATTACHMENT_BLOCKED"));
        Assert.Null(Symbol(await Analyze(Raw(A("script.js", "text/plain", "var a = 1;"u8.ToArray())), options), "ATTACHMENT_BLOCKED"));
    }

    [Theory]
    [InlineData("invoice.pdf.exe", "invoice.pdf.exe: .pdf.exe")]
    [InlineData("invoice.pdf            .exe", "invoice.pdf            .exe: padded before .exe")]
    public async Task Double_and_padded_extensions_fire(string name, string detail)
    {
        var report = await Analyze(Raw(A(name, "application/pdf", Exe)));
        Assert.Equal(detail, Symbol(report, "ATTACHMENT_DOUBLE_EXT")?.Detail);
        Assert.NotNull(Symbol(report, "ATTACHMENT_BLOCKED"));
    }

    [Theory]
    [InlineData("setup.v2.exe")]
    [InlineData("report.final.pdf")]
    public async Task A_dotted_name_is_not_a_double_extension(string name) =>
        Assert.Null(Symbol(await Analyze(Raw(A(name, "application/octet-stream", Pdf))), "ATTACHMENT_DOUBLE_EXT"));

    [Fact]
    public async Task A_right_to_left_override_fires_and_the_real_extension_is_blocked()
    {
        var report = await Analyze(Raw(A("invoice\u202Efdp.exe", "application/pdf", Exe)));
        Assert.NotNull(Symbol(report, "ATTACHMENT_RTLO"));
        Assert.NotNull(Symbol(report, "ATTACHMENT_BLOCKED"));
        Assert.Null(Symbol(await Analyze(Raw(A("invoice.pdf", "application/pdf", Pdf))), "ATTACHMENT_RTLO"));
    }

    [Theory]
    [InlineData("invoice.pdf", "application/pdf")]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData(null, "application/pdf")]
    [InlineData("notes.txt", "text/plain")]
    public async Task A_program_posing_as_something_else_lies(string? name, string contentType)
    {
        var report = await Analyze(Raw(A(name, contentType, Exe)));
        Assert.Contains("is Executable", Symbol(report, "ATTACHMENT_NAME_LIES")?.Detail);
    }

    [Fact]
    public async Task A_script_posing_as_a_pdf_lies_but_a_text_file_mentioning_scripts_does_not()
    {
        var script = "var s = new ActiveXObject(\"WScript.Shell\"); s.Run(\"cmd\");"u8.ToArray();
        Assert.NotNull(Symbol(await Analyze(Raw(A("invoice.pdf", "application/pdf", script))), "ATTACHMENT_NAME_LIES"));
        Assert.Null(Symbol(await Analyze(Raw(A("howto.txt", "text/plain", script))), "ATTACHMENT_NAME_LIES"));
    }

    [Fact]
    public async Task A_name_that_hides_a_declared_program_type_lies()
    {
        var report = await Analyze(Raw(A("invoice.pdf", "application/x-msdownload", "not really a program"u8.ToArray())));
        Assert.Equal("invoice.pdf is declared application/x-msdownload", Symbol(report, "ATTACHMENT_NAME_LIES")?.Detail);
        Assert.Null(Symbol(await Analyze(Raw(A("invoice.pdf", "application/octet-stream", "plain bytes"u8.ToArray()))), "ATTACHMENT_NAME_LIES"));
    }

    [Fact]
    public async Task An_archive_posing_as_an_image_lies()
    {
        var report = await Analyze(Raw(A("photo.jpg", "image/jpeg", Zip("photo.jpg"))));
        Assert.Equal("photo.jpg (image/jpeg) is Zip", Symbol(report, "ATTACHMENT_NAME_LIES")?.Detail);
    }

    [Fact]
    public async Task Zip_entry_names_are_checked_like_attachment_names()
    {
        var report = await Analyze(Raw(A("documents.zip", "application/zip", Zip("readme.txt", "scans/invoice.pdf.scr"))));
        Assert.Equal("documents.zip/scans/invoice.pdf.scr: .scr", Symbol(report, "ATTACHMENT_BLOCKED")?.Detail);
        Assert.NotNull(Symbol(report, "ATTACHMENT_DOUBLE_EXT"));
        var notInspected = await Analyze(Raw(A("documents.zip", "application/zip", Zip("run.exe"))),
            new AttachmentPolicyOptions { Action = AttachmentAction.Score, InspectZip = false });
        Assert.Empty(notInspected.Symbols);
    }

    [Fact]
    public async Task A_zip_over_the_size_limit_is_not_opened()
    {
        var options = new AttachmentPolicyOptions { Action = AttachmentAction.Score, MaxZipBytes = 10 };
        Assert.Empty((await Analyze(Raw(A("documents.zip", "application/zip", Zip("run.exe"))), options)).Symbols);
    }

    [Fact]
    public async Task Attachments_of_an_attached_message_are_checked()
    {
        var inner = Raw(A("payload.exe", "application/octet-stream", Exe));
        var raw = "From: a@example.org\r\nContent-Type: multipart/mixed; boundary=top\r\n\r\n--top\r\nContent-Type: text/plain\r\n\r\nforwarded\r\n" +
            $"--top\r\nContent-Type: message/rfc822\r\n\r\n{inner}--top--\r\n";
        Assert.Equal("payload.exe: .exe", Symbol(await Analyze(raw), "ATTACHMENT_BLOCKED")?.Detail);
    }

    [Fact]
    public async Task Reject_forces_a_reject_for_blocked_attachments_only()
    {
        var options = new AttachmentPolicyOptions { Action = AttachmentAction.Reject };
        var blocked = await Analyze(Raw(A("run.exe", "application/octet-stream", Exe)), options);
        Assert.Equal(ContentAction.Reject, blocked.ForcedAction);
        Assert.Equal("blocked attachment: run.exe", Assert.Single(blocked.ForcedActionReasons));
        var onlyLies = await Analyze(Raw(A("photo.jpg", "image/jpeg", Zip("x.txt"))), options);
        Assert.Equal(ContentAction.None, onlyLies.ForcedAction);
    }

    [Fact]
    public async Task Strip_lists_each_blocked_part_and_does_not_force()
    {
        var options = new AttachmentPolicyOptions { Action = AttachmentAction.Strip };
        var report = await Analyze(Raw(A("run.exe", "application/octet-stream", Exe), A("report.pdf", "application/pdf", Pdf),
            new(null, "image/jpeg", Exe)), options);
        Assert.Equal(ContentAction.None, report.ForcedAction);
        Assert.Equal(["run.exe", "#2"], report.Symbols.Where(s => s.Name == AttachmentAnalyzer.StripSymbol).Select(s => s.Detail));
        Assert.Equal(new HashSet<string> { "run.exe", "#2" }, AttachmentStripper.KeysToStrip(report));
    }
}
