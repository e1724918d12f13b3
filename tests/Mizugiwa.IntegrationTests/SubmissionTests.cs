using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Mizugiwa.IntegrationTests.Infrastructure;
using static Mizugiwa.IntegrationTests.Infrastructure.SubmissionClients;

namespace Mizugiwa.IntegrationTests;

/// <summary>One server for the submission tests; failed logins wait only briefly, and lock out later than these tests go.</summary>
public sealed class SubmissionServerFixture : IAsyncLifetime
{
    public ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["Submission__AuthFailureDelayStepMilliseconds"] = "100",
        ["Submission__AuthLockoutAfterFailures"] = "50",
    });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>Submission on the STARTTLS port (RFC 6409) and the implicit-TLS port (RFC 8314) with real clients.</summary>
public sealed class SubmissionTests(SubmissionServerFixture fixture) : IClassFixture<SubmissionServerFixture>
{
    private readonly ServerProcess _server = fixture.Server;

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("LOGIN")]
    public async Task Swaks_authenticates_over_starttls_and_the_received_header_says_esmtpsa(string mechanism)
    {
        var token = TestMail.NewToken("swaks-587-" + mechanism);
        var result = await SwaksAsync(_server.SubmissionPort, ServerProcess.Alice, ServerProcess.Bob, token,
            "--tls", "--auth", mechanism, "--auth-user", ServerProcess.Alice, "--auth-password", Password);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("<~  235 2.7.0 Authentication successful", result.StandardOutput);
        var received = (await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token)).FirstReceivedHeader;
        Assert.Contains("(Authenticated sender: alice@example.test)", received);
        Assert.Contains(" with ESMTPSA id ", received);
        Assert.Contains("(using TLSv1.", received);
    }

    [Fact]
    public async Task Swaks_authenticates_over_implicit_tls()
    {
        var token = TestMail.NewToken("swaks-465");
        var result = await SwaksAsync(_server.ImplicitTlsPort, ServerProcess.Alice, ServerProcess.Bob, token,
            "--tlsc", "--auth", "LOGIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("=== TLS started with cipher TLSv1.", result.StandardOutput);
        Assert.Contains("<~  235 2.7.0", result.StandardOutput);
        Assert.Contains(" with ESMTPSA id ", (await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token)).FirstReceivedHeader);
    }

    [Fact]
    public async Task A_wrong_password_gets_535_5_7_8_and_is_logged_with_client_and_user()
    {
        var result = await SwaksAsync(_server.SubmissionPort, ServerProcess.Alice, ServerProcess.Bob, TestMail.NewToken("badpw"),
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", "not-the-password");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("<~* 535 5.7.8 Error: authentication credentials invalid", result.StandardOutput);
        await _server.WaitForOutputLineAsync(l => l.Contains("stage=AUTH client=127.0.0.1 mechanism=PLAIN user=alice@example.test auth failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Mail_before_auth_gets_530_5_7_0()
    {
        var result = await SwaksAsync(_server.SubmissionPort, ServerProcess.Alice, ServerProcess.Bob, TestMail.NewToken("noauth"), "--tls");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("<~* 530 5.7.0 Authentication required", result.StandardOutput);
    }

    [Fact]
    public async Task Sending_as_someone_else_gets_553_5_7_1()
    {
        var result = await SwaksAsync(_server.SubmissionPort, ServerProcess.Bob, ServerProcess.Alice, TestMail.NewToken("spoof"),
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("<~* 553 5.7.1 <bob@example.test>: Sender address rejected: not owned by user alice@example.test", result.StandardOutput);
    }

    [Fact]
    public async Task An_alias_of_the_user_may_be_the_sender()
    {
        var token = TestMail.NewToken("alias-sender");
        var result = await SwaksAsync(_server.SubmissionPort, ServerProcess.Sales, ServerProcess.Bob, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);

        Assert.True(result.ExitCode == 0, result.ToString());
        await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
    }

    [Theory]
    [InlineData(true, "plain")]
    [InlineData(true, "scram-sha-256")]
    [InlineData(false, "plain")]
    [InlineData(false, "scram-sha-256")]
    public async Task Msmtp_submits_over_starttls_and_implicit_tls(bool startTls, string auth)
    {
        var token = TestMail.NewToken($"msmtp-{(startTls ? "587" : "465")}-{auth}");
        var port = startTls ? _server.SubmissionPort : _server.ImplicitTlsPort;

        var result = await MsmtpAsync(port, startTls, auth, ServerProcess.Alice, Password, ServerProcess.Alice, ServerProcess.Bob, token);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(" with ESMTPSA id ", (await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token)).FirstReceivedHeader);
        await _server.WaitForOutputLineAsync(l => l.Contains($"mechanism={auth.ToUpperInvariant()} user=alice@example.test reply=\"235 2.7.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Msmtp_with_a_wrong_password_fails()
    {
        var result = await MsmtpAsync(_server.SubmissionPort, true, "scram-sha-256", ServerProcess.Alice, "wrong", ServerProcess.Alice, ServerProcess.Bob, TestMail.NewToken("msmtp-bad"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("535", result.AllOutput);
    }

    [Theory]
    [InlineData(SecureSocketOptions.StartTls)]
    [InlineData(SecureSocketOptions.SslOnConnect)]
    public async Task MailKit_picks_scram_sha_256_and_sends_to_another_domain(SecureSocketOptions security)
    {
        var token = TestMail.NewToken("mailkit-" + security);
        var port = security == SecureSocketOptions.StartTls ? _server.SubmissionPort : _server.ImplicitTlsPort;
        var sessions = _server.Output.Split('\n').Count(l => l.Contains("mechanism=SCRAM-SHA-256 user=alice@example.test reply=\"235", StringComparison.Ordinal));
        string response;
        using (var client = NewClient())
        {
            await client.ConnectAsync("127.0.0.1", port, security);
            Assert.True(client.IsSecure);
            Assert.Contains("SCRAM-SHA-256", client.AuthenticationMechanisms);
            Assert.Contains("PLAIN", client.AuthenticationMechanisms);
            await client.AuthenticateAsync(ServerProcess.Alice, Password);
            var message = TestMail.Create(token, "friend@remote.test");
            message.From.Clear();
            message.From.Add(MailboxAddress.Parse(ServerProcess.Alice));
            response = await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }

        Assert.StartsWith("2.0.0 Ok: queued as ", response);
        // MailKit prefers SCRAM-SHA-256 among what we offer; the server logs which mechanism succeeded.
        await _server.WaitForOutputLinesAsync(l => l.Contains("mechanism=SCRAM-SHA-256 user=alice@example.test reply=\"235", StringComparison.Ordinal), sessions + 1);
        await _server.WaitForOutputLineAsync(l => l.Contains("stage=RCPT", StringComparison.Ordinal) && l.Contains("to=<friend@remote.test>", StringComparison.Ordinal)
            && l.Contains("reply=\"250 2.1.5", StringComparison.Ordinal));
        // Not a local recipient: no Maildir is made for it (the outbound queue delivers route "mx").
        Assert.False(Directory.Exists(Path.Combine(_server.DataDirectory, "mail", "remote.test")));
    }

    [Fact]
    public async Task MailKit_with_a_wrong_password_gets_535()
    {
        using var client = NewClient();
        await client.ConnectAsync("127.0.0.1", _server.SubmissionPort, SecureSocketOptions.StartTls);
        var failure = await Assert.ThrowsAsync<AuthenticationException>(() => client.AuthenticateAsync(ServerProcess.Alice, "wrong-password"));
        Assert.Contains("authentication credentials invalid", failure.Message);
    }

    [Fact]
    public async Task Before_starttls_auth_is_neither_offered_nor_accepted_and_relay_tricks_get_nowhere()
    {
        await using var connection = await RawSmtpConnection.ConnectAsync(_server.SubmissionPort);
        Assert.Equal(220, (await connection.ReadReplyAsync()).Code);
        var ehlo = await connection.CommandAsync("EHLO client.remote.test");
        Assert.Contains(ehlo.Lines, l => l.Contains("STARTTLS", StringComparison.Ordinal));
        Assert.DoesNotContain(ehlo.Lines, l => l.Contains("AUTH", StringComparison.Ordinal));
        Assert.Equal("503 5.5.1 Error: authentication not enabled", (await connection.CommandAsync("AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQtcGFzc3dvcmQ=")).LastLine);

        string[] tricks = ["user@remote.test", "user%remote.test@example.test", "remote.test!user@example.test", "@example.test:user@remote.test",
            "\"user@remote.test\"@example.test", "user@[127.0.0.1]", ServerProcess.Alice];
        foreach (var rcpt in tricks)
        {
            Assert.Equal("530 5.7.0 Authentication required", (await connection.CommandAsync("MAIL FROM:<s@remote.test>")).LastLine);
            Assert.Equal(503, (await connection.CommandAsync($"RCPT TO:<{rcpt}>")).Code);
        }
        Assert.Equal(503, (await connection.CommandAsync("DATA")).Code);
        Assert.Equal(221, (await connection.CommandAsync("QUIT")).Code);
    }

    [Fact]
    public async Task The_implicit_tls_port_says_nothing_in_clear_text()
    {
        await using var connection = await RawSmtpConnection.ConnectAsync(_server.ImplicitTlsPort);
        await connection.SendLineAsync("EHLO client.remote.test");
        try
        {
            var replies = await connection.ReadRepliesUntilClosedAsync(TimeSpan.FromSeconds(20));
            Assert.DoesNotContain(replies, r => r.Code == 220);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The server dropped the connection after a failed handshake: fine.
        }
    }

    private static SmtpClient NewClient() => new()
    {
        Timeout = 30_000,
        LocalDomain = "client.remote.test",
        ServerCertificateValidationCallback = (_, certificate, _, _) => certificate?.Subject == $"CN={ServerProcess.HostName}",
    };
}

/// <summary>Brute force against the real server: the source is locked out after the configured number of failures.</summary>
public sealed class SubmissionLockoutTests
{
    [Fact]
    public async Task After_three_failures_the_source_gets_454_even_with_the_right_password()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Submission__AuthLockoutAfterFailures"] = "3",
            ["Submission__AuthFailureDelayStepMilliseconds"] = "0",
            ["Submission__AllowPlaintextAuth"] = "true",
        });
        await using var connection = await RawSmtpConnection.ConnectAsync(server.SubmissionPort);
        await connection.ReadReplyAsync();
        Assert.Contains((await connection.CommandAsync("EHLO client.remote.test")).Lines, l => l.Contains("AUTH SCRAM-SHA-256 PLAIN LOGIN", StringComparison.Ordinal));
        var bad = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{ServerProcess.Alice}\0guess"));
        var good = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"\0{ServerProcess.Alice}\0{Password}"));
        for (int i = 0; i < 3; i++) Assert.StartsWith("535 5.7.8", (await connection.CommandAsync($"AUTH PLAIN {bad}")).LastLine);
        Assert.StartsWith("454 4.7.0", (await connection.CommandAsync($"AUTH PLAIN {good}")).LastLine);
        await server.WaitForOutputLineAsync(l => l.Contains("lockout=True", StringComparison.Ordinal) && l.Contains("user=alice@example.test", StringComparison.Ordinal));
    }
}
