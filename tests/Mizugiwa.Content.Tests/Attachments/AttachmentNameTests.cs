using Mizugiwa.Content.Attachments;

namespace Mizugiwa.Content.Tests.Attachments;

public sealed class AttachmentNameTests
{
    [Theory]
    [InlineData("report.pdf", "pdf", null, false, false)]
    [InlineData("invoice.pdf.exe", "exe", "pdf", false, false)]
    [InlineData("INVOICE.PDF.EXE", "exe", "pdf", false, false)]
    [InlineData("invoice\u202Efdp.exe", "exe", null, true, false)]
    [InlineData("invoice.pdf          .exe", "exe", "pdf", false, true)]
    [InlineData("setup.exe. . .", "exe", null, false, false)]
    [InlineData("folder/inner.doc.js", "js", "doc", false, false)]
    [InlineData("README", null, null, false, false)]
    [InlineData(".hidden", null, null, false, false)]
    public void Reads_the_real_extension(string name, string? extension, string? inner, bool bidi, bool padded)
    {
        var parsed = AttachmentName.Parse(name);
        Assert.Equal(extension, parsed.Extension);
        Assert.Equal(inner, parsed.InnerExtension);
        Assert.Equal(bidi, parsed.HasBidiControl);
        Assert.Equal(padded, parsed.Padded);
    }

    [Fact]
    public void Bidi_and_zero_width_characters_are_removed_from_the_cleaned_name() =>
        Assert.Equal("invoicefdp.exe", AttachmentName.Parse("invoice\u202Efdp\u200B.exe").Cleaned);

    [Theory]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90 }, FileKind.Executable)]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' }, FileKind.Executable)]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-' }, FileKind.Pdf)]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4 }, FileKind.Zip)]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/' }, FileKind.Script)]
    [InlineData(new byte[] { (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o' }, FileKind.Unknown)]
    public void Recognises_content_by_its_first_bytes(byte[] head, FileKind kind) =>
        Assert.Equal(kind, FileMagic.Detect(head));
}
