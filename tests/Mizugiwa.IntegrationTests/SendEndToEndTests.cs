using System.Text.Json;
using System.Text.RegularExpressions;
using MimeKit;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Policy.Tests.Support;
using static Mizugiwa.IntegrationTests.Infrastructure.SubmissionClients;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The whole "send safely" path with real parts, all on loopback: dnsmasq serves remote.test MX 10
/// mx.remote.test (127.0.0.1), a real Postfix there accepts user@remote.test into a Maildir and refuses
/// anyone else at RCPT (550 5.1.1), and `mizugiwa serve` delivers outbound to the Postfix port. The DKIM
/// key of example.test is made with the real `mizugiwa dkim keygen` before anything is sent.
/// </summary>
public sealed class SendEndToEndFixture : IAsyncLifetime
{
    public const string RemoteDomain = "remote.test";
    public const string Selector = "s1";
    /// <summary>The one client address in the main server's Mx:RelayNetworks (an application host of the site).</summary>
    public const string AppHost = "127.0.0.77";

    public DnsmasqServer Dns { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;
    public ServerProcess Mizugiwa { get; private set; } = null!;

    /// <summary>
    /// A second server, the same but with Submission__EnforceSenderOwnership=false, so that alice may give a
    /// remote envelope sender: its DSN then travels to Postfix, where the envelope sender can be seen.
    /// </summary>
    public ServerProcess WithoutSenderOwnership { get; private set; } = null!;

    /// <summary>The DKIM record as keygen printed it: name (s1._domainkey.example.test) → value, as DNS would hand it to a verifier.</summary>
    public Dictionary<string, string> DkimRecords { get; } = [];

    public async Task InitializeAsync()
    {
        Dns = await DnsmasqServer.StartAsync(new DnsmasqRecords()
            .MxRecord(RemoteDomain, "mx.remote.test", 10)
            .AddressRecord("mx.remote.test", "127.0.0.1"));
        Postfix = await PostfixInstance.StartRemoteMxAsync(RemoteDomain, ["user"], new Dictionary<string, string>());
        Mizugiwa = await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.For(Dns, Postfix))
        {
            ["Mx__RelayNetworks__0"] = AppHost + "/32",
        });
        WithoutSenderOwnership = await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.For(Dns, Postfix))
        {
            ["Submission__EnforceSenderOwnership"] = "false",
        });

        var keygen = await Mizugiwa.RunCliAsync(["dkim", "keygen", ServerProcess.Domain, "--selector", Selector]);
        if (keygen.ExitCode != 0) throw new InvalidOperationException($"dkim keygen failed: {keygen}");
        var line = keygen.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.Contains(" IN TXT ", StringComparison.Ordinal));
        var name = line[..line.IndexOf(". IN TXT ", StringComparison.Ordinal)];
        DkimRecords[name] = string.Concat(line[line.IndexOf('"', StringComparison.Ordinal)..].Split('"').Where((_, i) => i % 2 == 1));

        // The signer loads its keys at the first message and then looks again at most every 10 s. Nothing has
        // been sent yet, so it should not have loaded; if it has (it logs "DKIM: … loaded"), wait out one interval.
        if (Mizugiwa.Output.Contains("DKIM: ", StringComparison.Ordinal))
            await Task.Delay(global::Mizugiwa.Delivery.Dkim.DkimMessageSigner.DefaultReloadInterval + TimeSpan.FromSeconds(1));
    }

    public async Task DisposeAsync()
    {
        if (WithoutSenderOwnership is not null) await WithoutSenderOwnership.DisposeAsync();
        if (Mizugiwa is not null) await Mizugiwa.DisposeAsync();
        if (Postfix is not null) await Postfix.DisposeAsync();
        if (Dns is not null) await Dns.DisposeAsync();
    }
}

public sealed partial class SendEndToEndTests(SendEndToEndFixture fixture) : IClassFixture<SendEndToEndFixture>
{
    private const string User = "user@remote.test";
    private const string Nobody = "nobody@remote.test";

    private ServerProcess Mizugiwa => fixture.Mizugiwa;
    private PostfixInstance Postfix => fixture.Postfix;
    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    [Fact]
    public async Task Swaks_over_587_with_STARTTLS_and_AUTH_reaches_the_remote_MX_signed_and_the_refused_recipient_bounces_as_a_DSN()
    {
        var token = TestMail.NewToken("e2e-587");
        var result = await SwaksAsync(Mizugiwa.SubmissionPort, ServerProcess.Alice, $"{User},{Nobody}", token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("<~  235 2.7.0 Authentication successful", result.StandardOutput);

        // the copy for user@remote.test, as Postfix stored it
        var arrived = await WithLogsAsync(Postfix.Mailbox("user").WaitForMessageAsync(token));
        await AssertSignedAndSubmittedAsync(arrived);
        // Postfix refused nobody@remote.test at RCPT (logged with the queue id the accepted user@ got, or NOQUEUE)
        Assert.Matches(@"\w+: reject: RCPT from [^\n]*: 550 5\.1\.1 <nobody@remote\.test>", Postfix.Log);

        // the bounce for nobody@remote.test, in alice's Maildir
        var bounce = await WithLogsAsync(Mizugiwa.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token));
        var dsn = MimeMessage.Load(bounce.Path);
        Assert.Equal($"MAILER-DAEMON@{ServerProcess.HostName}", dsn.From.Mailboxes.Single().Address);
        Assert.Equal("auto-replied", dsn.Headers[HeaderId.AutoSubmitted]);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        Assert.Equal("delivery-status", report.ReportType);
        Assert.Equal("multipart/report", report.ContentType.MimeType);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        Assert.Equal($"dns; {ServerProcess.HostName}", status.StatusGroups[0]["Reporting-MTA"]);
        var nobody = Assert.Single(status.StatusGroups.Skip(1), g => g.Count > 0);
        Assert.Equal($"rfc822; {Nobody}", nobody["Final-Recipient"]);
        Assert.Equal("failed", nobody["Action"]);
        Assert.Matches(@"^5\.\d{1,3}\.\d{1,3}$", nobody["Status"]);
        Assert.Equal("5.1.1", nobody["Status"]);
        Assert.Equal("dns; mx.remote.test", nobody["Remote-MTA"]);
        Assert.StartsWith($"smtp; 550 5.1.1 <{Nobody}>", nobody["Diagnostic-Code"]);
        Assert.DoesNotContain(User, status.ToString()); // the delivered recipient is not reported
        var original = Assert.IsType<MessagePart>(report[2]);
        Assert.Equal($"submission {token}", original.Message!.Subject);

        await Mizugiwa.WaitForEmptyQueueAsync();
    }

    /// <summary>
    /// RFC 5321 §4.4: the server that makes the final delivery inserts Return-Path with the envelope sender
    /// (RFC 3464 §2 / RFC 3461 §6.2: a DSN's is the null sender, so the stored notice says "Return-Path: &lt;&gt;").
    /// This is also the only place a mailbox reader (and `mizugiwa replay`, docs/REPLAY.md) can see the envelope
    /// sender of a message in a Maildir.
    /// </summary>
    [Fact]
    public async Task The_DSN_is_stored_with_the_null_sender_as_Return_Path()
    {
        var token = TestMail.NewToken("e2e-dsn-null-sender");
        var result = await SwaksAsync(Mizugiwa.SubmissionPort, ServerProcess.Alice, Nobody, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(result.ExitCode == 0, result.ToString());

        var bounce = await WithLogsAsync(Mizugiwa.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token));
        var firstLine = bounce.Text[..bounce.Text.IndexOf('\n', StringComparison.Ordinal)].TrimEnd('\r');
        Assert.True(firstLine == "Return-Path: <>",
            $"the DSN in alice's Maildir should start with \"Return-Path: <>\" (RFC 5321 §4.4), it starts with:\n{bounce.Text[..Math.Min(600, bounce.Text.Length)]}");
    }

    /// <summary>
    /// The envelope of a DSN seen from outside: a remote original sender gets the notice through the outbound
    /// agent, and Postfix records MAIL FROM:&lt;&gt; (log "from=&lt;&gt;", and Return-Path: &lt;&gt; in its Maildir).
    /// </summary>
    [Fact]
    public async Task A_DSN_to_a_remote_sender_goes_out_from_the_null_sender()
    {
        var server = fixture.WithoutSenderOwnership;
        var token = TestMail.NewToken("e2e-dsn-remote");
        var result = await SwaksAsync(server.SubmissionPort, User, Nobody, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(result.ExitCode == 0, result.ToString());

        var bounce = await WithLogsAsync(Postfix.Mailbox("user").WaitForMessageAsync(token));
        Assert.StartsWith("Return-Path: <>\n", bounce.Text.Replace("\r\n", "\n", StringComparison.Ordinal));
        var dsn = MimeMessage.Load(bounce.Path);
        Assert.Equal($"MAILER-DAEMON@{ServerProcess.HostName}", dsn.From.Mailboxes.Single().Address);
        var report = Assert.IsType<MultipartReport>(dsn.Body);
        var status = Assert.IsType<MessageDeliveryStatus>(report[1]);
        var nobody = Assert.Single(status.StatusGroups.Skip(1), g => g.Count > 0);
        Assert.Equal($"rfc822; {Nobody}", nobody["Final-Recipient"]);
        Assert.Equal("failed", nobody["Action"]);
        Assert.Equal("5.1.1", nobody["Status"]);
        Assert.Matches(@"from=<>, size=\d+, nrcpt=1", Postfix.Log);
    }

    [Fact]
    public async Task Swaks_over_465_with_implicit_TLS_reaches_the_remote_MX_signed()
    {
        var token = TestMail.NewToken("e2e-465-swaks");
        var result = await SwaksAsync(Mizugiwa.ImplicitTlsPort, ServerProcess.Alice, User, token,
            "--tlsc", "--auth", "LOGIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("=== TLS started with cipher TLSv1.", result.StandardOutput);

        await AssertSignedAndSubmittedAsync(await WithLogsAsync(Postfix.Mailbox("user").WaitForMessageAsync(token)));
    }

    [Fact]
    public async Task Msmtp_over_465_with_implicit_TLS_and_SCRAM_reaches_the_remote_MX_signed()
    {
        var token = TestMail.NewToken("e2e-465-msmtp");
        var result = await MsmtpAsync(Mizugiwa.ImplicitTlsPort, startTls: false, "scram-sha-256", ServerProcess.Alice, Password, ServerProcess.Alice, User, token);
        Assert.True(result.ExitCode == 0, result.ToString());

        await AssertSignedAndSubmittedAsync(await WithLogsAsync(Postfix.Mailbox("user").WaitForMessageAsync(token)));
    }

    [Fact]
    public async Task A_host_in_Mx_RelayNetworks_sends_through_the_MX_without_AUTH_and_its_neighbour_may_not()
    {
        var token = TestMail.NewToken("relaynet");
        var relayed = await SwaksAsync(Mizugiwa.Port, ServerProcess.Alice, User, token, "--local-interface", SendEndToEndFixture.AppHost);
        Assert.True(relayed.ExitCode == 0, relayed.ToString());
        var arrived = await WithLogsAsync(Postfix.Mailbox("user").WaitForMessageAsync(token));
        var message = MimeMessage.Load(arrived.Path);
        Assert.Contains(message.Headers, h => h.Id == HeaderId.DkimSignature && Unfold(h.Value).Contains("d=example.test", StringComparison.Ordinal));
        Assert.Equal(["rsa-sha256 True"], await VerifyWithDkimpyAsync(arrived.Path));

        var refused = await SwaksAsync(Mizugiwa.Port, ServerProcess.Alice, User, TestMail.NewToken("relaynet-no"), "--local-interface", "127.0.0.78");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("<** 554 5.7.1 <user@remote.test>: Relay access denied", refused.StandardOutput);
    }

    /// <summary>
    /// The message as Postfix stored it carries our DKIM signature for example.test that dkimpy verifies,
    /// our Received line says ESMTPSA with TLS and the authenticated sender, and Postfix's says it got it over TLS.
    /// </summary>
    private async Task AssertSignedAndSubmittedAsync(DeliveredMessage arrived)
    {
        var message = MimeMessage.Load(arrived.Path);
        var signatures = message.Headers.Where(h => h.Id == HeaderId.DkimSignature).Select(h => Unfold(h.Value)).ToList();
        var signature = Assert.Single(signatures);
        Assert.Matches(@"(^|;)\s*d=example\.test\s*(;|$)", signature);
        Assert.Matches(@"(^|;)\s*s=s1\s*(;|$)", signature);
        Assert.Matches(@"(^|;)\s*a=rsa-sha256\s*(;|$)", signature);
        Assert.Matches(@"(^|;)\s*c=relaxed/relaxed\s*(;|$)", signature);

        Assert.Equal(["rsa-sha256 True"], await VerifyWithDkimpyAsync(arrived.Path));

        var received = message.Headers.Where(h => h.Id == HeaderId.Received).Select(h => Unfold(h.Value)).ToList();
        Assert.True(received.Count >= 2, string.Join("\n", received));
        // top: Postfix took it from our outbound agent, encrypted (opportunistic STARTTLS)
        Assert.Contains("by mta.postfix.test", received[0]);
        Assert.Contains("with ESMTPS", received[0]);
        Assert.Contains("from mx.example.test", received[0]);
        // below: our submission listener, with TLS and AUTH
        var ours = Assert.Single(received, r => r.Contains($"by {ServerProcess.HostName}", StringComparison.Ordinal));
        Assert.Contains(" with ESMTPSA id ", ours);
        Assert.Contains("(using TLSv1.", ours);
        Assert.Contains("(Authenticated sender: alice@example.test)", ours);
        Assert.True(received.IndexOf(ours) > 0, string.Join("\n", received));
        // the DKIM-Signature was put on top when sending: above our Received line, below Postfix's
        var headers = message.Headers.ToList();
        int dkimAt = headers.FindIndex(h => h.Id == HeaderId.DkimSignature);
        var receivedAt = headers.Select((h, i) => (h, i)).Where(x => x.h.Id == HeaderId.Received).Select(x => x.i).ToList();
        Assert.True(receivedAt[0] < dkimAt && dkimAt < receivedAt[received.IndexOf(ours)], string.Join("\n", headers.Select(h => h.Field)));
        Assert.Equal(ServerProcess.Alice, message.From.Mailboxes.Single().Address);
        Assert.Contains("TLS connection established from", Postfix.Log);
    }

    private static string Unfold(string value) => WhiteSpace().Replace(value, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    private async Task<List<string>> VerifyWithDkimpyAsync(string path)
    {
        var lines = await Dkimpy.VerifyAsync(path, fixture.DkimRecords);
        Assert.True(lines.All(l => l.EndsWith(" True", StringComparison.Ordinal)), $"{string.Join("\n", lines)}\n--- message ---\n{await File.ReadAllTextAsync(path)}");
        return [.. lines];
    }

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
