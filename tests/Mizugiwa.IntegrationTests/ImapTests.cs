using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Mizugiwa.IntegrationTests.Infrastructure;
using MimeKit;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// IMAP through `mizugiwa serve`: mail delivered over SMTP to the MX is read with MailKit's ImapClient
/// (IMAPS and STARTTLS) and Python's imaplib; the quarantine is the Junk folder; bad logins meet AuthGuard.
/// </summary>
public sealed class ImapTests : IAsyncLifetime
{
    private const string Password = "secret-password";
    private const string Carol = "carol@example.test";
    private const string Dave = "dave@example.test";
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            // Loopback is trusted (not scanned) by default: make the test client an outsider so the quarantine fills.
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Rgrey__Mode"] = "Off",
            ["Submission__AuthLockoutAfterFailures"] = "3",
            ["Submission__AuthFailureDelayStepMilliseconds"] = "400",
            ["Imap__IdlePollSeconds"] = "1",
        });
        foreach (var account in new[] { Carol, Dave })
            Assert.Equal(0, (await _server.RunCliAsync(["account", "add", account, "--password-stdin"], Password + "\n")).ExitCode);
        Assert.Equal(0, (await _server.RunCliAsync(["account", "filter", Carol, "quarantine"])).ExitCode);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task MailKit_over_IMAPS_reads_envelope_structure_and_the_exact_delivered_octets()
    {
        var token = TestMail.NewToken("imaps");
        var sent = TestMail.Create(token, ServerProcess.Bob);
        sent.From.Clear();
        sent.From.Add(new MailboxAddress("山田 太郎", TestMail.Sender));
        var body = new BodyBuilder { TextBody = $"See the attachment {token}\r\n" };
        body.Attachments.Add("report.pdf", "%PDF-1.4 not really"u8.ToArray(), new ContentType("application", "pdf"));
        sent.Body = body.ToMessageBody();
        await SendAsync(sent);
        var delivered = await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);

        using var imap = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, ServerProcess.Bob);
        var inbox = imap.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var uids = await inbox.SearchAsync(SearchQuery.SubjectContains(token));
        var uid = Assert.Single(uids);
        var summary = Assert.Single(await inbox.FetchAsync([uid], MessageSummaryItems.Envelope | MessageSummaryItems.BodyStructure | MessageSummaryItems.Size | MessageSummaryItems.InternalDate));
        var envelope = summary.Envelope ?? throw new InvalidOperationException("no envelope");
        var textBody = summary.TextBody ?? throw new InvalidOperationException("no text body in the structure");
        Assert.Equal($"test {token}", envelope.Subject);
        Assert.Equal("山田 太郎", envelope.From.Mailboxes.Single().Name);
        Assert.Equal(TestMail.MessageIdFor(token), envelope.MessageId);
        var attachment = Assert.Single(summary.Attachments);
        Assert.Equal("report.pdf", attachment.FileName);
        Assert.Equal("text/plain", textBody.ContentType.MimeType);
        Assert.Equal(new FileInfo(delivered.Path).Length, (long)summary.Size!.Value);

        await using var stream = await inbox.GetStreamAsync(uid, "");
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(await File.ReadAllBytesAsync(delivered.Path), copy.ToArray());
        var text = (TextPart)await inbox.GetBodyPartAsync(uid, textBody);
        Assert.Contains($"See the attachment {token}", text.Text);
        await imap.DisconnectAsync(quit: true);
    }

    [Fact]
    public async Task MailKit_over_STARTTLS_stores_flags_copies_and_expunges_and_a_new_session_sees_the_same()
    {
        var token = TestMail.NewToken("starttls");
        for (int i = 0; i < 3; i++)
        {
            var message = TestMail.Create(token, Dave);
            message.MessageId = $"{i}.{TestMail.MessageIdFor(token)}";
            await SendAsync(message);
        }
        await _server.Mailbox(Dave).WaitForMessagesAsync(token, 3);
        var folderName = "Keep-" + token[^6..];
        IList<UniqueId> uids;
        UniqueId copied;
        string? copiedMessageId;
        using (var imap = await ConnectAsync(_server.ImapPort, SecureSocketOptions.StartTls, Dave))
        {
            var inbox = imap.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadWrite);
            uids = await inbox.SearchAsync(SearchQuery.SubjectContains(token));
            Assert.Equal(3, uids.Count);
            await inbox.AddFlagsAsync(uids[0], MessageFlags.Flagged | MessageFlags.Seen, silent: true);
            var folder = await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync(folderName, isMessageFolder: true)
                ?? throw new InvalidOperationException("CREATE gave no folder");
            // Delivery runs in parallel: which message got which UID is not known before asking.
            copiedMessageId = (await inbox.GetMessageAsync(uids[1])).MessageId;
            copied = (await inbox.CopyToAsync(uids[1], folder))!.Value;
            await inbox.AddFlagsAsync(uids[2], MessageFlags.Deleted, silent: true);
            await inbox.ExpungeAsync();
            Assert.Equal(2, (await inbox.SearchAsync(SearchQuery.SubjectContains(token))).Count);
            await imap.DisconnectAsync(quit: true);
        }
        // One line per session, at its end.
        await _server.WaitForOutputLineAsync(l => l.Contains($"disconnect client=127.0.0.1 user={Dave} tls=True", StringComparison.Ordinal) && l.Contains("reason=logout", StringComparison.Ordinal));

        using (var again = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, Dave))
        {
            var inbox = again.Inbox;
            await inbox.OpenAsync(FolderAccess.ReadOnly);
            var now = await inbox.SearchAsync(SearchQuery.SubjectContains(token));
            Assert.Equal([uids[0], uids[1]], now);
            var flags = await inbox.FetchAsync(now, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId);
            Assert.Equal(MessageFlags.Flagged | MessageFlags.Seen, flags.Single(f => f.UniqueId == uids[0]).Flags);
            Assert.Equal(MessageFlags.None, flags.Single(f => f.UniqueId == uids[1]).Flags);
            var folder = await again.GetFolderAsync(folderName);
            await folder.OpenAsync(FolderAccess.ReadOnly);
            var message = await folder.GetMessageAsync(copied);
            Assert.Equal(copiedMessageId, message.MessageId);
            await again.DisconnectAsync(quit: true);
        }
    }

    [Fact]
    public async Task MailKit_in_IDLE_hears_of_mail_delivered_over_SMTP()
    {
        var token = TestMail.NewToken("idle");
        using var imap = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, Carol);
        var inbox = imap.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadOnly);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        inbox.CountChanged += (_, _) => arrived.TrySetResult();
        using var done = new CancellationTokenSource();
        var idle = imap.IdleAsync(done.Token);

        await SendAsync(TestMail.Create(token, Carol));

        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await done.CancelAsync();
        await idle;
        Assert.Single(await inbox.SearchAsync(SearchQuery.SubjectContains(token)));
    }

    [Fact]
    public async Task Python_imaplib_over_IMAP4_SSL_logs_in_selects_searches_fetches_stores_and_logs_out()
    {
        var token = TestMail.NewToken("imaplib");
        await SendAsync(TestMail.Create(token, ServerProcess.Alice));
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);

        var result = await ExternalProcess.RunAsync("python3",
            [Path.Combine(AppContext.BaseDirectory, "Scripts", "imap_client.py"), _server.ImapsPort.ToString(CultureInfo.InvariantCulture), ServerProcess.Alice, Password, token]);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("LOGIN OK", lines[0]);
        Assert.Equal("SELECT OK True", lines[1]);
        Assert.Equal("SEARCH OK 1", lines[2]);
        Assert.Equal("FETCH OK True True", lines[3]);
        Assert.Matches(@"^STORE OK \d+ \(FLAGS \(\\Flagged \\Seen \\Recent\)\)$", lines[4]); // imaplib was the first to select: recent for it
        Assert.Equal("UIDSEARCH OK 1", lines[5]);
        Assert.Equal("LOGOUT BYE", lines[6]);
    }

    [Fact]
    public async Task The_content_filters_quarantine_is_the_Junk_folder()
    {
        var token = TestMail.NewToken("junk");
        await SendAsync(TestMail.Create(token, Carol, $"Cheap offer {token}\r\n{Gtube}\r\n"));
        var at = Carol.IndexOf('@', StringComparison.Ordinal);
        await new Maildir(Path.Combine(_server.DataDirectory, "mail", Carol[(at + 1)..], Carol[..at], ".Junk", "new")).WaitForMessageAsync(token);

        using var imap = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, Carol);
        var folders = await imap.GetFoldersAsync(imap.PersonalNamespaces[0]);
        var junk = Assert.Single(folders, f => f.Name == "Junk");
        Assert.True(junk.Attributes.HasFlag(FolderAttributes.Junk));
        await junk.OpenAsync(FolderAccess.ReadOnly);
        var uid = Assert.Single(await junk.SearchAsync(SearchQuery.SubjectContains(token)));
        var message = await junk.GetMessageAsync(uid);
        Assert.Equal("YES", message.Headers["X-Spam-Flag"]);
        await imap.Inbox.OpenAsync(FolderAccess.ReadOnly);
        Assert.Empty(await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(token)));
    }

    [Fact]
    public async Task Moving_mail_into_Junk_and_back_out_with_MailKit_teaches_the_users_own_dictionary()
    {
        var token = TestMail.NewToken("report");
        await SendAsync(TestMail.Create(token, Dave, $"Limited offer {token}\r\n"));
        await _server.Mailbox(Dave).WaitForMessageAsync(token);

        using var imap = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, Dave);
        var junk = await imap.GetFolder(imap.PersonalNamespaces[0]).CreateAsync("Junk", isMessageFolder: true) ?? throw new InvalidOperationException("no Junk folder");
        await imap.Inbox.OpenAsync(FolderAccess.ReadWrite);
        var uid = Assert.Single(await imap.Inbox.SearchAsync(SearchQuery.SubjectContains(token)));
        await imap.Inbox.MoveToAsync(uid, junk);
        await _server.WaitForOutputLineAsync(l => l.Contains($"user={Dave} reported 1 message(s) as spam by MOVE from INBOX to Junk, 1 new to the filter", StringComparison.Ordinal));
        Assert.Matches($@"(?m)^{Dave}\s+1\s+0\s", await BayesStatsAsync());

        await junk.OpenAsync(FolderAccess.ReadWrite);
        var inJunk = Assert.Single(await junk.SearchAsync(SearchQuery.SubjectContains(token)));
        await junk.MoveToAsync(inJunk, imap.Inbox!);
        await _server.WaitForOutputLineAsync(l => l.Contains($"user={Dave} reported 1 message(s) as not spam by MOVE from Junk to INBOX", StringComparison.Ordinal));
        Assert.Matches($@"(?m)^{Dave}\s+0\s+1\s", await BayesStatsAsync());
        await imap.DisconnectAsync(quit: true);
    }

    private async Task<string> BayesStatsAsync()
    {
        var stats = await _server.RunCliAsync(["bayes", "stats"]);
        Assert.Equal(0, stats.ExitCode);
        return stats.StandardOutput;
    }

    [Fact]
    public async Task Wrong_passwords_get_AUTHENTICATIONFAILED_after_a_growing_delay_then_the_address_is_locked_out()
    {
        var from = IPAddress.Parse("127.0.0.9");
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("a1 NO [AUTHENTICATIONFAILED] authentication failed", await RawLoginOverTlsAsync(from, ServerProcess.Alice, "wrong"));
        for (int i = 0; i < 2; i++)
        {
            using var imap = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, user: null, from);
            // One mechanism only: given just a password, MailKit would also try LOGIN after PLAIN failed.
            await Assert.ThrowsAsync<AuthenticationException>(() => imap.AuthenticateAsync(new SaslMechanismPlain(ServerProcess.Alice, "wrong")));
        }
        // 400 + 800 + 1200 ms of tarpit.
        Assert.True(started.Elapsed >= TimeSpan.FromMilliseconds(2400), started.Elapsed.ToString());
        await _server.WaitForOutputLineAsync(l => l.Contains("imap id=", StringComparison.Ordinal) && l.Contains("auth failed: failures client=3", StringComparison.Ordinal) && l.Contains("lockout=True", StringComparison.Ordinal));

        // Locked out: even the right password is refused without a check.
        Assert.Equal("a1 NO [UNAVAILABLE] too many failed logins from your address, try again later", await RawLoginOverTlsAsync(from, ServerProcess.Alice, Password));
        // Another address still gets in: an account is never locked.
        using var other = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, ServerProcess.Alice);
        Assert.True(other.IsAuthenticated);
    }

    [Fact]
    public async Task A_disabled_account_cannot_log_in()
    {
        var user = "erin@example.test";
        Assert.Equal(0, (await _server.RunCliAsync(["account", "add", user, "--password-stdin"], Password + "\n")).ExitCode);
        Assert.Equal(0, (await _server.RunCliAsync(["account", "disable", user])).ExitCode);
        using var imap = await ConnectAsync(_server.ImapsPort, SecureSocketOptions.SslOnConnect, user: null, IPAddress.Parse("127.0.0.10"));
        await Assert.ThrowsAsync<AuthenticationException>(() => imap.AuthenticateAsync(user, Password));
    }

    [Fact]
    public async Task Login_before_STARTTLS_is_refused_and_the_greeting_says_LOGINDISABLED()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _server.ImapPort);
        using var reader = new StreamReader(tcp.GetStream(), Encoding.ASCII);
        tcp.ReceiveTimeout = 10_000;
        var greeting = await reader.ReadLineAsync();
        Assert.Contains("LOGINDISABLED", greeting);
        await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"a1 LOGIN {ServerProcess.Alice} {Password}\r\n"));
        Assert.Equal("a1 NO [PRIVACYREQUIRED] LOGIN is disabled before STARTTLS", await reader.ReadLineAsync());
        await tcp.GetStream().WriteAsync("a2 LOGOUT\r\n"u8.ToArray());
        Assert.StartsWith("* BYE", await reader.ReadLineAsync());
    }

    /// <summary>LOGIN on a raw IMAPS connection from <paramref name="from"/>: the tagged response line.</summary>
    private async Task<string?> RawLoginOverTlsAsync(IPAddress from, string user, string password)
    {
        using var tcp = new TcpClient(new IPEndPoint(from, 0));
        await tcp.ConnectAsync(IPAddress.Loopback, _server.ImapsPort);
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream(), false, (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}");
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions { TargetHost = ServerProcess.HostName }, limit.Token);
        using var reader = new StreamReader(tls, Encoding.UTF8);
        Assert.StartsWith("* OK", await reader.ReadLineAsync(limit.Token));
        await tls.WriteAsync(Encoding.UTF8.GetBytes($"a1 LOGIN {user} {password}\r\n"), limit.Token);
        return await reader.ReadLineAsync(limit.Token);
    }

    private async Task SendAsync(MimeMessage message)
    {
        using var smtp = await TestMail.ConnectAsync(_server.Port);
        await smtp.SendAsync(message);
        await smtp.DisconnectAsync(quit: true);
    }

    private static async Task<ImapClient> ConnectAsync(int port, SecureSocketOptions security, string? user, IPAddress? from = null)
    {
        var client = new ImapClient
        {
            Timeout = 30_000,
            ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
        };
        if (from is not null) client.LocalEndPoint = new IPEndPoint(from, 0);
        try
        {
            await client.ConnectAsync("127.0.0.1", port, security);
            if (user is not null) await client.AuthenticateAsync(user, Password);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
