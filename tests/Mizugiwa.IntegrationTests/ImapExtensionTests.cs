using System.Globalization;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Mizugiwa.IntegrationTests.Infrastructure;
using MimeKit;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The IMAP extensions mail clients use, through `mizugiwa serve` with real clients: MailKit's ID, QUOTA and
/// LITERAL+ (which it uses by itself once advertised), and Python imaplib's GETQUOTAROOT.
/// </summary>
public sealed class ImapExtensionTests : IAsyncLifetime
{
    private const string Password = "secret-password";
    private const string Frank = "frank@example.test";

    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__Rgrey__Mode"] = "Off" });
        Assert.Equal(0, (await _server.RunCliAsync(["account", "add", Frank, "--password-stdin"], Password + "\n")).ExitCode);
        Assert.Equal(0, (await _server.RunCliAsync(["account", "quota", Frank, "1M"])).ExitCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MailKit_identifies_reads_the_quota_and_sends_non_synchronising_literals()
    {
        var token = TestMail.NewToken("quota");
        await SendAsync(TestMail.Create(token, Frank));
        await _server.Mailbox(Frank).WaitForMessageAsync(token);

        using var transcript = new MemoryStream();
        using var imap = new ImapClient(new ProtocolLogger(transcript, leaveOpen: true))
        {
            Timeout = 30_000,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
        };
        await imap.ConnectAsync("127.0.0.1", _server.ImapsPort, SecureSocketOptions.SslOnConnect);
        Assert.True(imap.Capabilities.HasFlag(ImapCapabilities.Id));
        var server = await imap.IdentifyAsync(new ImapImplementation { Name = "Mizugiwa tests", Version = "1.0\r\nforged=line" });
        Assert.Equal("Mizugiwa", server.Name);
        Assert.Null(server.Version);
        await _server.WaitForOutputLineAsync(l => l.Contains("stage=ID client=127.0.0.1 user= name=\"Mizugiwa tests\" version=\"1.0??forged=line\"", StringComparison.Ordinal));

        await imap.AuthenticateAsync(Frank, Password);
        Assert.True(imap.Capabilities.HasFlag(ImapCapabilities.Quota));
        Assert.True(imap.Capabilities.HasFlag(ImapCapabilities.LiteralPlus));
        Assert.True(imap.Capabilities.HasFlag(ImapCapabilities.Enable));

        var inbox = imap.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite);
        var subject = "日本語の件名 " + token;
        var appended = new MimeMessage(
            [new MailboxAddress("Frank", Frank)], [new MailboxAddress("Frank", Frank)], subject, new TextPart("plain") { Text = "Kept as a draft.\r\n" });
        Assert.NotNull(await inbox.AppendAsync(appended, MailKit.MessageFlags.Draft));
        Assert.Single(await inbox.SearchAsync(SearchQuery.SubjectContains("日本語の件名")));
        // APPEND and the UTF-8 search string went as {n+} literals, without waiting for "+".
        var sent = Encoding.UTF8.GetString(transcript.ToArray());
        Assert.Matches(@"APPEND INBOX \(\\Draft\)[^\r\n]* \{\d+\+\}", sent);
        Assert.Matches(@"SEARCH CHARSET UTF-8 SUBJECT \{\d+\+\}", sent);

        var quota = await inbox.GetQuotaAsync();
        Assert.Equal("", quota.QuotaRoot?.FullName);
        Assert.Equal(1024u, quota.StorageLimit);
        var stored = new[] { "new", "cur" }.SelectMany(sub => Directory.GetFiles(Path.Combine(MaildirOf(Frank), sub))).Sum(f => new FileInfo(f).Length);
        Assert.Equal((uint)((stored + 1023) / 1024), quota.CurrentStorageSize);
        Assert.Null(quota.MessageLimit);
        await Assert.ThrowsAsync<ImapCommandException>(() => inbox.SetQuotaAsync(null, 2048));
        await imap.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task Python_imaplib_reads_the_quota_root_of_INBOX()
    {
        var result = await ExternalProcess.RunAsync("python3",
            [Path.Combine(AppContext.BaseDirectory, "Scripts", "imap_quota.py"), _server.ImapsPort.ToString(CultureInfo.InvariantCulture), Frank, Password]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("LOGIN OK", lines[0]);
        Assert.Equal("GETQUOTAROOT OK INBOX \"\" | \"\" (STORAGE 0 1024)", lines[1]);
        Assert.Equal("GETQUOTA OK \"\" (STORAGE 0 1024)", lines[2]);
        Assert.Equal("SETQUOTA NO [NOPERM] quotas are set by the administrator, not over IMAP", lines[3]);
        Assert.Equal("LOGOUT BYE", lines[4]);
    }

    private string MaildirOf(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return Path.Combine(_server.DataDirectory, "mail", address[(at + 1)..], address[..at]);
    }

    private async Task SendAsync(MimeMessage message)
    {
        using var smtp = await TestMail.ConnectAsync(_server.Port);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(quit: true);
    }
}
