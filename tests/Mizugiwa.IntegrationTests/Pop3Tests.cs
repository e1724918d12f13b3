using System.Globalization;
using System.Text.Json;
using MailKit.Net.Pop3;
using MailKit.Security;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>One server for the POP3 tests, with a mailbox per test so that none waits for another's maildrop lock.</summary>
public sealed class Pop3ServerFixture : IAsyncLifetime
{
    public const string Password = "secret-password";
    public static readonly string[] Mailboxes = ["pop-ssl", "pop-stls", "pop-mailkit-ssl", "pop-mailkit-stls", "pop-fetchmail", "pop-in-use", "pop-disabled"];

    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Submission__AuthFailureDelayStepMilliseconds"] = "400",
            ["Submission__AuthLockoutAfterFailures"] = "50",
        });
        foreach (var name in Mailboxes)
        {
            var added = await Server.RunCliAsync(["account", "add", $"{name}@{ServerProcess.Domain}", "--password-stdin"], Password + "\n");
            Assert.True(added.ExitCode == 0, added.ToString());
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public static string Address(string name) => $"{name}@{ServerProcess.Domain}";
}

/// <summary>
/// Mail delivered over SMTP to the MX, read back over POP3S and POP3 with STLS by Python's poplib, MailKit and
/// fetchmail: the same bytes, UIDL the Maildir name, DELE + QUIT removes the file; login refused before TLS.
/// </summary>
public sealed class Pop3Tests(Pop3ServerFixture fixture) : IClassFixture<Pop3ServerFixture>
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Scripts", "pop3_client.py");
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("read-ssl", "pop-ssl")]
    [InlineData("read-stls", "pop-stls")]
    public async Task Poplib_reads_what_was_delivered_with_uidl_top_and_retr_and_dele_removes_it(string mode, string mailbox)
    {
        var token = TestMail.NewToken("poplib");
        var delivered = await DeliverAsync(mailbox, token);
        var port = mode == "read-ssl" ? _server.Pop3sPort : _server.Pop3Port;

        using var result = await PoplibAsync(mode, port, mailbox, Pop3ServerFixture.Password, token);

        var json = result.RootElement;
        var sent = delivered.Text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        Assert.Equal(sent, Lines(json, "retr"));
        Assert.Contains(sent, line => line.StartsWith(".dot line", StringComparison.Ordinal));
        Assert.Equal(Path.GetFileName(delivered.Path), json.GetProperty("uid").GetString());
        Assert.Equal(delivered.Text.Length, json.GetProperty("listed").GetInt32());
        var headerCount = Array.IndexOf(sent, "");
        Assert.Equal(sent[..(headerCount + 1)], Lines(json, "head"));
        Assert.Equal(sent[..(headerCount + 3)], Lines(json, "top"));
        Assert.Contains("UIDL", Lines(json, "capa"));
        Assert.Contains("TOP", Lines(json, "capa"));
        Assert.DoesNotContain("STLS", Lines(json, "capa"));
        Assert.StartsWith("+OK", json.GetProperty("quit").GetString());
        Assert.Empty(MaildirFiles(mailbox));
    }

    [Fact]
    public async Task Poplib_login_before_stls_is_refused_with_the_auth_code()
    {
        using var result = await PoplibAsync("plain", _server.Pop3Port, "pop-stls", Pop3ServerFixture.Password, "-");

        var json = result.RootElement;
        Assert.Contains("STLS", Lines(json, "capa"));
        Assert.DoesNotContain("USER", Lines(json, "capa"));
        Assert.StartsWith("-ERR [AUTH] Log in only after STLS", json.GetProperty("user").GetString());
        Assert.StartsWith("-ERR [AUTH] Log in only after STLS", json.GetProperty("pass").GetString());
    }

    [Fact]
    public async Task Commands_sent_with_stls_in_one_packet_are_thrown_away_not_run_inside_tls()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(System.Net.IPAddress.Loopback, _server.Pop3Port, limit.Token);
        var plain = tcp.GetStream();
        var reader = new StreamReader(plain, System.Text.Encoding.ASCII);
        Assert.StartsWith("+OK", await reader.ReadLineAsync(limit.Token));
        await plain.WriteAsync("STLS\r\nCAPA\r\n"u8.ToArray(), limit.Token);
        Assert.Equal("+OK Begin TLS negotiation", await reader.ReadLineAsync(limit.Token));

        await using var tls = new System.Net.Security.SslStream(plain, leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = ServerProcess.HostName,
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
        }, limit.Token);
        await tls.WriteAsync("NOOP\r\n"u8.ToArray(), limit.Token);
        var secure = new StreamReader(tls, System.Text.Encoding.ASCII);
        // The first reply inside TLS is NOOP's, not the CAPA list the injected line would have asked for.
        Assert.Equal("-ERR NOOP is allowed only after login", await secure.ReadLineAsync(limit.Token));
    }

    [Fact]
    public async Task A_wrong_password_gets_auth_failed_after_the_guards_delay_and_is_logged()
    {
        using var result = await PoplibAsync("wrong-password", _server.Pop3sPort, "pop-ssl", Pop3ServerFixture.Password, "-");

        var json = result.RootElement;
        Assert.Equal("-ERR [AUTH] Authentication failed", json.GetProperty("error").GetString());
        Assert.True(json.GetProperty("seconds").GetDouble() >= 0.35, json.ToString());
        await _server.WaitForOutputLineAsync(line => line.Contains("pop3 id=", StringComparison.Ordinal) && line.Contains("auth failed", StringComparison.Ordinal)
            && line.Contains($"user={Pop3ServerFixture.Address("pop-ssl")}", StringComparison.Ordinal) && line.Contains("tls=True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_login_to_a_mailbox_in_use_gets_in_use_until_the_first_quits()
    {
        using var result = await PoplibAsync("in-use", _server.Pop3sPort, "pop-in-use", Pop3ServerFixture.Password, "-");

        var json = result.RootElement;
        Assert.Equal("-ERR [IN-USE] Mailbox is in use by another session", json.GetProperty("in_use").GetString());
        Assert.StartsWith("+OK", json.GetProperty("again").GetString());
    }

    [Fact]
    public async Task A_disabled_account_cannot_log_in()
    {
        var disabled = await _server.RunCliAsync(["account", "disable", Pop3ServerFixture.Address("pop-disabled")]);
        Assert.Equal(0, disabled.ExitCode);
        using var client = NewMailKitClient();
        await client.ConnectAsync("127.0.0.1", _server.Pop3sPort, SecureSocketOptions.SslOnConnect);
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(Pop3ServerFixture.Address("pop-disabled"), Pop3ServerFixture.Password));
    }

    [Theory]
    [InlineData(SecureSocketOptions.SslOnConnect, "pop-mailkit-ssl")]
    [InlineData(SecureSocketOptions.StartTls, "pop-mailkit-stls")]
    public async Task MailKit_reads_and_deletes_a_delivered_message(SecureSocketOptions security, string mailbox)
    {
        var token = TestMail.NewToken("mailkit-pop3");
        var delivered = await DeliverAsync(mailbox, token);
        using var client = NewMailKitClient();
        var port = security == SecureSocketOptions.SslOnConnect ? _server.Pop3sPort : _server.Pop3Port;

        await client.ConnectAsync("127.0.0.1", port, security);
        await client.AuthenticateAsync(Pop3ServerFixture.Address(mailbox), Pop3ServerFixture.Password);
        Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.UIDL));
        Assert.True(client.Capabilities.HasFlag(Pop3Capabilities.Pipelining));
        var uids = await client.GetMessageUidsAsync();
        var index = uids.IndexOf(Path.GetFileName(delivered.Path));
        Assert.True(index >= 0, string.Join(", ", uids));
        using var raw = await client.GetStreamAsync(index);
        using var reader = new StreamReader(raw);
        Assert.Equal(delivered.Text, await reader.ReadToEndAsync());
        var message = await client.GetMessageAsync(index);
        Assert.Equal(TestMail.MessageIdFor(token), message.MessageId);
        await client.DeleteMessageAsync(index);
        await client.DisconnectAsync(quit: true);
        Assert.Empty(MaildirFiles(mailbox));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Fetchmail_fetches_to_an_mda_and_deletes_on_the_server(bool implicitTls)
    {
        const string mailbox = "pop-fetchmail";
        var token = TestMail.NewToken("fetchmail");
        var delivered = await DeliverAsync(mailbox, token);
        var home = Directory.CreateTempSubdirectory("mizugiwa-fetchmail-");
        try
        {
            var output = Directory.CreateDirectory(Path.Combine(home.FullName, "fetched"));
            var rc = Path.Combine(home.FullName, "fetchmailrc");
            var port = (implicitTls ? _server.Pop3sPort : _server.Pop3Port).ToString(CultureInfo.InvariantCulture);
            await File.WriteAllTextAsync(rc,
                $"set no syslog\n" +
                $"poll 127.0.0.1 protocol pop3 port {port} timeout 30 auth password\n" +
                $"  user \"{Pop3ServerFixture.Address(mailbox)}\" password \"{Pop3ServerFixture.Password}\"\n" +
                $"  {(implicitTls ? "ssl" : "sslproto 'TLS1.2+'")} no sslcertck fetchall no keep\n" +
                $"  mda \"/bin/sh -c 'cat > {output.FullName}/message-$$.eml'\"\n");
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(rc, UnixFileMode.UserRead | UnixFileMode.UserWrite);

            var result = await ExternalProcess.RunAsync("fetchmail", ["-f", rc, "-v", "--nodetach"],
                new Dictionary<string, string?> { ["FETCHMAILHOME"] = home.FullName, ["HOME"] = home.FullName }, timeout: TimeSpan.FromSeconds(60));

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains(implicitTls ? "POP3< +OK mx.example.test POP3 server ready" : "POP3> STLS", result.AllOutput);
            var fetched = Assert.Single(Directory.GetFiles(output.FullName));
            var text = await File.ReadAllTextAsync(fetched);
            Assert.Contains($"Message-Id: <{TestMail.MessageIdFor(token)}>", text, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(".dot line", text);
            Assert.Contains(delivered.Text.Replace("\r\n", "\n", StringComparison.Ordinal)[delivered.Text.IndexOf("Subject:", StringComparison.Ordinal)..], text.Replace("\r\n", "\n", StringComparison.Ordinal));
            Assert.Empty(MaildirFiles(mailbox));
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private async Task<DeliveredMessage> DeliverAsync(string mailbox, string token)
    {
        using (var smtp = await TestMail.ConnectAsync(_server.Port))
        {
            await smtp.SendAsync(TestMail.Create(token, Pop3ServerFixture.Address(mailbox), $"Body of {token}\r\n.dot line {token}\r\n..two dots\r\nend\r\n"));
            await smtp.DisconnectAsync(true);
        }
        return await _server.Mailbox(Pop3ServerFixture.Address(mailbox)).WaitForMessageAsync(token);
    }

    private string[] MaildirFiles(string mailbox)
    {
        var maildir = Path.GetDirectoryName(_server.Mailbox(Pop3ServerFixture.Address(mailbox)).NewDirectory)!;
        return [.. new[] { "new", "cur" }.Select(d => Path.Combine(maildir, d)).Where(Directory.Exists).SelectMany(Directory.GetFiles)];
    }

    private async Task<JsonDocument> PoplibAsync(string mode, int port, string mailbox, string password, string token)
    {
        var result = await ExternalProcess.RunAsync("python3",
            [Script, mode, "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), Pop3ServerFixture.Address(mailbox), password, token]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.StandardOutput);
    }

    private static string[] Lines(JsonElement json, string name) => [.. json.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];

    internal static Pop3Client NewMailKitClient() => new()
    {
        Timeout = 30_000,
        ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
    };
}

/// <summary>POP3 failures count on SMTP AUTH's guard: guessing over POP3 locks the address out of both.</summary>
public sealed class Pop3LockoutTests
{
    [Fact]
    public async Task After_three_pop3_failures_pop3_gets_login_delay_and_smtp_auth_gets_454()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Submission__AuthLockoutAfterFailures"] = "3",
            ["Submission__AuthFailureDelayStepMilliseconds"] = "0",
            ["Submission__AllowPlaintextAuth"] = "true",
        });
        using var client = Pop3Tests.NewMailKitClient();
        await client.ConnectAsync("127.0.0.1", server.Pop3sPort, SecureSocketOptions.SslOnConnect);
        for (int i = 0; i < 3; i++)
            await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(ServerProcess.Alice, "guess"));
        await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(ServerProcess.Alice, "secret-password"));
        await server.WaitForOutputLineAsync(l => l.Contains("pop3 id=", StringComparison.Ordinal) && l.Contains($"user={ServerProcess.Alice}", StringComparison.Ordinal)
            && l.Contains("reply=\"-ERR [LOGIN-DELAY] Too many failed logins", StringComparison.Ordinal));

        await using var smtp = await RawSmtpConnection.ConnectAsync(server.SubmissionPort);
        await smtp.ReadReplyAsync();
        await smtp.CommandAsync("EHLO client.remote.test");
        var good = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{ServerProcess.Alice}\0secret-password"));
        Assert.StartsWith("454 4.7.0", (await smtp.CommandAsync($"AUTH PLAIN {good}")).LastLine);
        await server.WaitForOutputLineAsync(l => l.Contains("pop3 id=", StringComparison.Ordinal) && l.Contains("lockout=True", StringComparison.Ordinal));
    }
}
