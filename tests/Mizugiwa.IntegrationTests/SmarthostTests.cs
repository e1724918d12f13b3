using System.Text.RegularExpressions;
using MimeKit;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Policy.Tests.Support;
using static Mizugiwa.IntegrationTests.Infrastructure.SubmissionClients;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Outbound:RelayHost with real parts on loopback: a second `mizugiwa serve` is the smarthost (its submission
/// port: STARTTLS, AUTH, accounts made with `account add`), which delivers by MX (dnsmasq) to a real Postfix
/// for remote.test. The sending servers have Outbound:RelayHost=[127.0.0.1]:&lt;smarthost submission port&gt;,
/// Outbound:RelayUser and Outbound:RelayPasswordFile; one has the right password, one a wrong one.
/// The smarthost's certificate is self-signed, hence Outbound:RelayCertificateCheck=false.
/// </summary>
public sealed class SmarthostFixture : IAsyncLifetime
{
    public const string RemoteDomain = "remote.test";
    public const string SmarthostName = "smarthost.example.test";
    public const string RelayAccount = "relay@example.test";
    public const string LockedAccount = "relay2@example.test";
    private const string RelayPassword = "relay-password-1";

    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("mizugiwa-relay-secrets-");

    public DnsmasqServer Dns { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;
    public ServerProcess Smarthost { get; private set; } = null!;
    /// <summary>Sends through the smarthost with the right password.</summary>
    public ServerProcess Sender { get; private set; } = null!;
    /// <summary>Sends through the smarthost with a wrong password.</summary>
    public ServerProcess WrongPassword { get; private set; } = null!;
    /// <summary>The right password, but the certificate check left on: the smarthost's self-signed certificate fails it.</summary>
    public ServerProcess Verifying { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .MxRecord(RemoteDomain, "mx.remote.test", 10)
            .AddressRecord("mx.remote.test", "127.0.0.1"));
        Postfix = await PostfixInstance.StartRemoteMxAsync(RemoteDomain, ["user"], new Dictionary<string, string>());
        Smarthost = await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.For(Dns, Postfix))
        {
            ["HostName"] = SmarthostName,
            // The relay accounts send for the site's addresses (alice@example.test), as a provider's relay allows.
            ["Submission__EnforceSenderOwnership"] = "false",
        });
        foreach (var account in new[] { RelayAccount, LockedAccount })
        {
            var added = await Smarthost.RunCliAsync(["account", "add", account, "--password-stdin"], RelayPassword + "\n");
            if (added.ExitCode != 0) throw new InvalidOperationException($"account add {account} failed: {added}");
        }
        Sender = await StartSenderAsync(RelayAccount, RelayPassword);
        WrongPassword = await StartSenderAsync(LockedAccount, "not-the-password");
        Verifying = await StartSenderAsync(RelayAccount, RelayPassword, checkCertificate: true);
    }

    private async Task<ServerProcess> StartSenderAsync(string user, string password, bool checkCertificate = false)
    {
        var file = Path.Combine(_secrets.FullName, $"{user}-{checkCertificate}");
        await File.WriteAllTextAsync(file, password + "\n");
        return await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.FastQueue())
        {
            ["Outbound__RelayHost"] = $"[127.0.0.1]:{Smarthost.SubmissionPort}",
            ["Outbound__RelayUser"] = user,
            ["Outbound__RelayPasswordFile"] = file,
            ["Outbound__RelayCertificateCheck"] = checkCertificate ? "true" : "false",
        });
    }

    public async Task DisposeAsync()
    {
        if (Verifying is not null) await Verifying.DisposeAsync();
        if (WrongPassword is not null) await WrongPassword.DisposeAsync();
        if (Sender is not null) await Sender.DisposeAsync();
        if (Smarthost is not null) await Smarthost.DisposeAsync();
        if (Postfix is not null) await Postfix.DisposeAsync();
        if (Dns is not null) await Dns.DisposeAsync();
        _secrets.Delete(recursive: true);
    }
}

public sealed partial class SmarthostTests(SmarthostFixture fixture) : IClassFixture<SmarthostFixture>
{
    private const string User = "user@remote.test";

    private string Logs => $"\n--- postfix ---\n{fixture.Postfix.Log}\n--- smarthost ---\n{fixture.Smarthost.Output}\n--- sender ---\n{fixture.Sender.Output}";

    [Fact]
    public async Task Mail_goes_through_the_smarthost_with_AUTH_over_TLS_and_arrives_at_the_remote_MX()
    {
        var token = TestMail.NewToken("smarthost");
        var sent = await SwaksAsync(fixture.Sender.SubmissionPort, ServerProcess.Alice, User, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(sent.ExitCode == 0, sent.ToString());

        var arrived = await WithLogsAsync(fixture.Postfix.Mailbox("user").WaitForMessageAsync(token));
        var received = MimeMessage.Load(arrived.Path).Headers.Where(h => h.Id == HeaderId.Received).Select(h => Unfold(h.Value)).ToList();
        var chain = string.Join("\n", received);
        // top: Postfix took it from the smarthost, not from the sending server
        Assert.True(received[0].Contains("by mta.postfix.test", StringComparison.Ordinal) && received[0].Contains($"from {SmarthostFixture.SmarthostName}", StringComparison.Ordinal), chain);
        // then: the smarthost took it from the sending server, over TLS with AUTH as the relay account
        var relayed = Assert.Single(received, r => r.Contains($"by {SmarthostFixture.SmarthostName}", StringComparison.Ordinal));
        Assert.Contains(" with ESMTPSA id ", relayed);
        Assert.Contains("(using TLSv1.", relayed);
        Assert.Contains($"(Authenticated sender: {SmarthostFixture.RelayAccount})", relayed);
        Assert.Contains($"from {ServerProcess.HostName}", relayed);
        // below: the sending server's submission listener, where alice handed it in
        var submitted = Assert.Single(received, r => r.Contains($"by {ServerProcess.HostName}", StringComparison.Ordinal));
        Assert.Contains($"(Authenticated sender: {ServerProcess.Alice})", submitted);
        Assert.True(received.IndexOf(relayed) == 1 && received.IndexOf(submitted) == 2, chain);

        Assert.Contains($"authenticated as {SmarthostFixture.RelayAccount}", fixture.Sender.Output);
        await fixture.Sender.WaitForEmptyQueueAsync();
    }

    [Fact]
    public async Task A_wrong_relay_password_leaves_the_message_deferred_in_the_queue_with_the_535_logged_and_no_bounce()
    {
        var server = fixture.WrongPassword;
        var token = TestMail.NewToken("smarthost-535");
        var sent = await SwaksAsync(server.SubmissionPort, ServerProcess.Alice, User, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var id = QueueId().Match(sent.StandardOutput).Groups[1].Value;

        // two rounds, so that a bounce after the first would have had its chance
        var deferred = await server.WaitForOutputLinesAsync(l => l.Contains($"queue={id} to=<{User}>", StringComparison.Ordinal)
            && l.Contains("status=deferred", StringComparison.Ordinal), 2);
        Assert.True(deferred[0].Contains("dsn=4.7.8", StringComparison.Ordinal) && deferred[0].Contains("535", StringComparison.Ordinal), deferred[0]);
        var warning = await server.WaitForOutputLineAsync(l => l.Contains("Outbound:RelayUser", StringComparison.Ordinal) && l.Contains("535", StringComparison.Ordinal));
        Assert.Contains(SmarthostFixture.LockedAccount, warning);
        Assert.DoesNotContain("not-the-password", server.Output, StringComparison.Ordinal);

        var list = await server.RunCliAsync(["queue", "list"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.StandardOutput);
        Assert.Contains("4.7.8", list.StandardOutput);
        Assert.Empty(server.Mailbox(ServerProcess.Alice).MessagesContaining(token)); // no bounce
        Assert.Empty(fixture.Postfix.Mailbox("user").MessagesContaining(token));
    }

    [Fact]
    public async Task A_relay_certificate_the_system_does_not_trust_defers_before_AUTH()
    {
        var server = fixture.Verifying;
        var token = TestMail.NewToken("smarthost-cert");
        var sent = await SwaksAsync(server.SubmissionPort, ServerProcess.Alice, User, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var id = QueueId().Match(sent.StandardOutput).Groups[1].Value;

        var deferred = await server.WaitForOutputLineAsync(l => l.Contains($"queue={id} to=<{User}>", StringComparison.Ordinal)
            && l.Contains("status=deferred", StringComparison.Ordinal));
        Assert.True(deferred.Contains("dsn=4.7.0", StringComparison.Ordinal) && deferred.Contains("TLS failed", StringComparison.Ordinal), deferred);
        Assert.DoesNotContain(server.Output.Split('\n'), l => l.Contains($"queue={id} ", StringComparison.Ordinal) && l.Contains("authenticated as", StringComparison.Ordinal));
        Assert.Empty(fixture.Postfix.Mailbox("user").MessagesContaining(token));
        Assert.Empty(server.Mailbox(ServerProcess.Alice).MessagesContaining(token)); // no bounce
    }

    private static string Unfold(string value) => WhiteSpace().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    /// <summary>The queue id in the server's reply to the end of DATA ("250 2.0.0 Ok: queued as ID").</summary>
    [GeneratedRegex(@"<~  250 [\d.]+ [^\n]*queued as (\S+)")]
    private static partial Regex QueueId();

    private async Task<T> WithLogsAsync<T>(Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(e.Message + Logs, e);
        }
    }
}
