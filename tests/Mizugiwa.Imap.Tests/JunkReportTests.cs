using System.Collections.Concurrent;
using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// A mail client's spam reports: COPY, MOVE or APPEND into Junk reports spam; COPY or MOVE out of Junk reports
/// not spam, unless into a trash folder; the report carries the message as it now lies in its new folder.
/// </summary>
public sealed class JunkReportTests : IDisposable
{
    private readonly TestMaildir _maildir = new();
    private readonly RecordingReports _reports = new();

    [Theory]
    [InlineData("MOVE 1 Junk", "INBOX", true)]
    [InlineData("UID MOVE 1 Junk", "INBOX", true)]
    [InlineData("COPY 1 Junk", "INBOX", true)]
    [InlineData("MOVE 1 Junk", "Archive", true)]
    [InlineData("MOVE 1 INBOX", "Junk", false)]
    [InlineData("COPY 1 Archive", "Junk", false)]
    public async Task Moving_or_copying_into_or_out_of_Junk_reports_the_message(string command, string from, bool spam)
    {
        _maildir.Deliver(TestMaildir.Simple("cheap pills"), from == "INBOX" ? null : from);
        await using var server = Server();
        await using var client = await LoggedInAsync(server, "Junk", "Archive");
        Assert.StartsWith("OK", await client.ResultAsync($"SELECT {from}"));
        Assert.Contains(" completed", (await client.CommandAsync(command))[^1]);

        var report = Assert.Single(_reports.Reports);
        Assert.Equal((TestMaildir.User, spam), (report.User, report.Spam));
        var file = Assert.Single(report.Files);
        Assert.Contains("Subject: cheap pills", File.ReadAllText(file));
        var target = command.Split(' ')[^1];
        Assert.Equal(target == "INBOX" ? _maildir.Inbox : Path.Combine(_maildir.Inbox, "." + target), Path.GetDirectoryName(Path.GetDirectoryName(file)));
    }

    [Theory]
    [InlineData("Junk", "MOVE 1 Trash")]
    [InlineData("Junk", "MOVE 1 trash")]
    [InlineData("Junk", "COPY 1 Deleted")]
    [InlineData("Junk", "COPY 1 Junk")]
    [InlineData("INBOX", "MOVE 1 Archive")]
    [InlineData("INBOX", "COPY 1 INBOX")]
    public async Task Other_moves_report_nothing(string from, string command)
    {
        _maildir.Deliver(TestMaildir.Simple("hello"), from == "INBOX" ? null : from);
        await using var server = Server();
        await using var client = await LoggedInAsync(server, "Junk", "Archive", "Trash", "trash", "Deleted");
        Assert.StartsWith("OK", await client.ResultAsync($"SELECT {from}"));
        Assert.Contains(" completed", (await client.CommandAsync(command))[^1]);
        Assert.Empty(_reports.Reports);
    }

    [Fact]
    public async Task A_move_of_several_messages_is_one_report_with_every_message()
    {
        foreach (var subject in new[] { "one", "two", "three" }) _maildir.Deliver(TestMaildir.Simple(subject));
        await using var server = Server();
        await using var client = await LoggedInAsync(server, "Junk");
        Assert.StartsWith("OK", await client.ResultAsync("SELECT INBOX"));
        Assert.Equal("OK MOVE completed", await client.ResultAsync("MOVE 1:3 Junk"));
        var report = Assert.Single(_reports.Reports);
        Assert.Equal(3, report.Files.Count);
        Assert.All(report.Files, file => Assert.StartsWith(Path.Combine(_maildir.Inbox, ".Junk"), file));
    }

    [Fact]
    public async Task APPEND_into_Junk_reports_spam_and_into_another_folder_nothing()
    {
        await using var server = Server();
        await using var client = await LoggedInAsync(server, "Junk");
        var message = TestMaildir.Simple("appended").ReplaceLineEndings("\r\n");
        foreach (var folder in new[] { "INBOX", "Junk" })
        {
            var tag = client.NextTag();
            await client.SendAsync($"{tag} APPEND {folder} {{{message.Length}+}}\r\n{message}\r\n");
            Assert.StartsWith($"{tag} OK [APPENDUID", (await client.ReadUntilTaggedAsync(tag))[^1]);
        }
        var report = Assert.Single(_reports.Reports);
        Assert.True(report.Spam);
        Assert.StartsWith(Path.Combine(_maildir.Inbox, ".Junk"), Assert.Single(report.Files));
    }

    [Fact]
    public async Task A_report_that_cannot_be_learned_is_logged_and_the_move_still_succeeds()
    {
        _maildir.Deliver(TestMaildir.Simple("spam"));
        var logger = new Mizugiwa.Testing.ListLogger<JunkReportTests>();
        await using var server = new ImapTestServer(_maildir, junkReports: new FailingReports(), logger: logger);
        await using var client = await LoggedInAsync(server, "Junk");
        Assert.StartsWith("OK", await client.ResultAsync("SELECT INBOX"));
        Assert.Equal("OK MOVE completed", await client.ResultAsync("MOVE 1 Junk"));
        Assert.Single(Directory.GetFiles(Path.Combine(_maildir.Inbox, ".Junk", "cur")));
        Assert.Contains(logger.Lines, line => line.Message.Contains("mailbox error in MOVE (spam report): the dictionary is locked"));
    }

    private ImapTestServer Server() => new(_maildir, junkReports: _reports);

    private static async Task<ImapTestClient> LoggedInAsync(ImapTestServer server, params string[] folders)
    {
        var client = await ImapTestClient.ConnectAsync(server.Port);
        await client.LoginAsync();
        foreach (var folder in folders) await client.CommandAsync($"CREATE {folder}");
        return client;
    }

    public void Dispose() => _maildir.Dispose();

    private sealed record Report(string User, IReadOnlyList<string> Files, bool Spam);

    private sealed class RecordingReports : IJunkReports
    {
        public ConcurrentQueue<Report> Reports { get; } = new();

        public Task<int> LearnAsync(string user, IReadOnlyList<string> messageFiles, bool spam, CancellationToken cancellationToken)
        {
            Reports.Enqueue(new Report(user, [.. messageFiles], spam));
            return Task.FromResult(messageFiles.Count);
        }
    }

    private sealed class FailingReports : IJunkReports
    {
        public Task<int> LearnAsync(string user, IReadOnlyList<string> messageFiles, bool spam, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the dictionary is locked");
    }
}
