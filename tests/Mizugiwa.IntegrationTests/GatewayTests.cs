using System.Globalization;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Gateway mode: `mizugiwa serve` is the MX of backend.test and relays to a real Postfix (Debian) on
/// 127.0.0.1 that has one user (alice@backend.test) and refuses anyone else at RCPT (550 5.1.1,
/// smtpd_reject_unlisted_recipient). Recipients of backend.test are verified by RCPT probes; those of
/// dir.test by the local directory (one account, carol@dir.test). Nothing leaves loopback.
/// </summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public const string ProbeDomain = "backend.test";
    public const string DirectoryDomain = "dir.test";

    public PostfixInstance Postfix { get; private set; } = null!;
    public ServerProcess Mizugiwa { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postfix = await PostfixInstance.StartRemoteMxAsync(ProbeDomain, ["alice"], new Dictionary<string, string>());
        Mizugiwa = await GatewayTestSupport.StartGatewayAsync(Postfix.Port);
        foreach (var command in new[] { new[] { "domain", "add", DirectoryDomain }, ["account", "add", "carol@" + DirectoryDomain, "--password-stdin"] })
        {
            var result = await Mizugiwa.RunCliAsync(command, "secret-password\n");
            if (result.ExitCode != 0) throw new InvalidOperationException($"mizugiwa {string.Join(' ', command)} failed: {result}");
        }
    }

    public async Task DisposeAsync()
    {
        if (Mizugiwa is not null) await Mizugiwa.DisposeAsync();
        if (Postfix is not null) await Postfix.DisposeAsync();
    }
}

internal static class GatewayTestSupport
{
    public static Task<ServerProcess> StartGatewayAsync(int backendPort) => ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.FastQueue())
    {
        ["Gateway__Domains__0__Domain"] = GatewayFixture.ProbeDomain,
        ["Gateway__Domains__0__NextHop"] = $"smtp:127.0.0.1:{backendPort.ToString(CultureInfo.InvariantCulture)}",
        ["Gateway__Domains__0__Verify"] = "Probe",
        ["Gateway__Domains__1__Domain"] = GatewayFixture.DirectoryDomain,
        ["Gateway__Domains__1__NextHop"] = $"smtp:127.0.0.1:{backendPort.ToString(CultureInfo.InvariantCulture)}",
        ["Gateway__Domains__1__Verify"] = "Directory",
        ["Gateway__ProbeTimeoutSeconds"] = "5",
    });

    public static async Task<RawSmtpConnection> OpenAsync(ServerProcess server)
    {
        var smtp = await RawSmtpConnection.ConnectAsync(server.Port);
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO client.remote.test")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<sender@remote.test>")).Code);
        return smtp;
    }

    public static async Task<RawReply> SendDataAsync(RawSmtpConnection smtp, string to, string token)
    {
        Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
        await smtp.SendRawAsync($"From: <sender@remote.test>\r\nTo: <{to}>\r\nSubject: {token}\r\nMessage-Id: <{token}@remote.test>\r\n\r\nHello {token}.\r\n.\r\n");
        return await smtp.ReadReplyAsync();
    }
}

public sealed class GatewayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private ServerProcess Mizugiwa => fixture.Mizugiwa;
    private PostfixInstance Postfix => fixture.Postfix;
    private string Logs => $"\n--- postfix ---\n{Postfix.Log}\n--- mizugiwa ---\n{Mizugiwa.Output}";

    [Fact]
    public async Task A_known_user_of_the_relay_domain_is_probed_accepted_and_relayed_to_the_backend()
    {
        var token = TestMail.NewToken("gateway");
        await using (var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa))
        {
            var rcpt = await smtp.CommandAsync("RCPT TO:<alice@backend.test>");
            Assert.True(rcpt.Code == 250, rcpt + Logs);
            var data = await GatewayTestSupport.SendDataAsync(smtp, "alice@backend.test", token);
            Assert.True(data.Code == 250, data + Logs);
            await smtp.CommandAsync("QUIT");
        }
        var delivered = await Postfix.Mailbox("alice").WaitForMessageAsync(token);
        Assert.Contains($"Subject: {token}", delivered.Text);
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("gateway probe to=<alice@backend.test>", StringComparison.Ordinal) && l.Contains("result=valid", StringComparison.Ordinal));
        await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("to=<alice@backend.test>", StringComparison.Ordinal) && l.Contains("status=delivered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_user_is_refused_at_RCPT_and_nothing_is_queued()
    {
        await using (var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa))
        {
            var rcpt = await smtp.CommandAsync("RCPT TO:<nobody@backend.test>");
            Assert.True(rcpt.Code == 550, rcpt + Logs);
            Assert.Contains("5.1.1", rcpt.LastLine);
            // asked again: the cached answer, no second probe
            Assert.Equal(550, (await smtp.CommandAsync("RCPT TO:<NOBODY@backend.test>")).Code);
            Assert.Contains((await smtp.CommandAsync("DATA")).Code, new[] { 503, 554 });
            await smtp.CommandAsync("QUIT");
        }
        var probes = await Mizugiwa.WaitForOutputLineAsync(l => l.Contains("gateway probe to=<nobody@backend.test>", StringComparison.Ordinal));
        Assert.Contains("result=unknown", probes);
        Assert.Contains("550 5.1.1", probes);
        Assert.Single(Mizugiwa.Output.Split('\n'), l => l.Contains("gateway probe to=<", StringComparison.Ordinal) && l.Contains("nobody@backend.test", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Directory.GetFiles(Mizugiwa.QueueDirectory));
        // the backend refused the probe from the null sender: it never saw a message, so no bounce anywhere
        Assert.Contains("from=<> to=<nobody@backend.test>", Postfix.Log);
    }

    [Fact]
    public async Task A_directory_verified_domain_accepts_its_account_only_without_probing()
    {
        await using var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa);
        var carol = await smtp.CommandAsync("RCPT TO:<carol@dir.test>");
        Assert.True(carol.Code == 250, carol + Logs);
        var dave = await smtp.CommandAsync("RCPT TO:<dave@dir.test>");
        Assert.Equal(550, dave.Code);
        Assert.Contains("5.1.1", dave.LastLine);
        await smtp.CommandAsync("RSET");
        await smtp.CommandAsync("QUIT");
        Assert.DoesNotContain("gateway probe to=<carol@dir.test>", Mizugiwa.Output);
    }

    [Fact]
    public async Task Relay_domains_do_not_open_a_relay_for_other_domains()
    {
        await using var smtp = await GatewayTestSupport.OpenAsync(Mizugiwa);
        Assert.Equal(554, (await smtp.CommandAsync("RCPT TO:<someone@elsewhere.test>")).Code);
        Assert.Equal(554, (await smtp.CommandAsync("RCPT TO:<alice@sub.backend.test>")).Code);
        await smtp.CommandAsync("QUIT");
    }
}

/// <summary>The backend goes away: an uncached address gets 450, a cached valid one is still accepted and queued.</summary>
public sealed class GatewayBackendDownTests
{
    [Fact]
    public async Task With_the_backend_stopped_unknown_answers_are_temporary_and_known_users_are_queued()
    {
        var postfix = await PostfixInstance.StartRemoteMxAsync(GatewayFixture.ProbeDomain, ["alice"], new Dictionary<string, string>());
        await using var mizugiwa = await GatewayTestSupport.StartGatewayAsync(postfix.Port);
        try
        {
            await using (var smtp = await GatewayTestSupport.OpenAsync(mizugiwa))
            {
                var warm = await smtp.CommandAsync("RCPT TO:<alice@backend.test>"); // probed and cached as valid
                Assert.True(warm.Code == 250, warm + "\n" + mizugiwa.Output);
                await smtp.CommandAsync("QUIT");
            }
        }
        finally
        {
            await postfix.DisposeAsync();
        }

        var token = TestMail.NewToken("gateway-down");
        await using (var smtp = await GatewayTestSupport.OpenAsync(mizugiwa))
        {
            var uncached = await smtp.CommandAsync("RCPT TO:<bob@backend.test>");
            Assert.True(uncached.Code == 450, uncached + "\n" + mizugiwa.Output);
            Assert.Contains("4.4.0", uncached.LastLine);
            var cached = await smtp.CommandAsync("RCPT TO:<alice@backend.test>");
            Assert.True(cached.Code == 250, cached + "\n" + mizugiwa.Output);
            var data = await GatewayTestSupport.SendDataAsync(smtp, "alice@backend.test", token);
            Assert.Equal(250, data.Code);
            await smtp.CommandAsync("QUIT");
        }
        // a temporary answer is not cached: the next attempt probes again
        await using (var smtp = await GatewayTestSupport.OpenAsync(mizugiwa))
        {
            Assert.Equal(450, (await smtp.CommandAsync("RCPT TO:<bob@backend.test>")).Code);
            await smtp.CommandAsync("QUIT");
        }
        var probes = await mizugiwa.WaitForOutputLinesAsync(l => l.Contains("gateway probe to=<bob@backend.test>", StringComparison.Ordinal) && l.Contains("result=temporary", StringComparison.Ordinal), 2);
        Assert.Equal(2, probes.Count);
        // the accepted message waits in the queue for the backend
        var deferred = await mizugiwa.WaitForOutputLineAsync(l => l.Contains("to=<alice@backend.test>", StringComparison.Ordinal) && l.Contains("status=deferred", StringComparison.Ordinal));
        Assert.Contains("smtp:127.0.0.1", deferred);
        Assert.NotEmpty(Directory.GetFiles(mizugiwa.QueueDirectory));
    }
}

/// <summary>A relay domain with an LMTP next hop (a scripted LMTP backend): probed with LHLO, delivered with LMTP.</summary>
public sealed class GatewayLmtpTests
{
    [Fact]
    public async Task An_LMTP_next_hop_is_probed_and_gets_the_message()
    {
        await using var backend = LmtpBackendStub.Start("dan@lmtp.test");
        await using var mizugiwa = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Gateway__Domains__0__Domain"] = "lmtp.test",
            ["Gateway__Domains__0__NextHop"] = $"lmtp:127.0.0.1:{backend.Port.ToString(CultureInfo.InvariantCulture)}",
            ["Gateway__Domains__0__Verify"] = "Probe",
            ["Gateway__ProbeTimeoutSeconds"] = "5",
            ["Outbound__ConnectTimeoutSeconds"] = "5",
            ["Outbound__CommandTimeoutSeconds"] = "30",
        });
        var token = TestMail.NewToken("gateway-lmtp");
        await using (var smtp = await GatewayTestSupport.OpenAsync(mizugiwa))
        {
            var unknown = await smtp.CommandAsync("RCPT TO:<erin@lmtp.test>");
            Assert.True(unknown.Code == 550, unknown + "\n" + mizugiwa.Output);
            var known = await smtp.CommandAsync("RCPT TO:<dan@lmtp.test>");
            Assert.True(known.Code == 250, known + "\n" + mizugiwa.Output);
            Assert.Equal(250, (await GatewayTestSupport.SendDataAsync(smtp, "dan@lmtp.test", token)).Code);
            await smtp.CommandAsync("QUIT");
        }
        var line = await mizugiwa.WaitForOutputLineAsync(l => l.Contains("to=<dan@lmtp.test>", StringComparison.Ordinal) && l.Contains("status=", StringComparison.Ordinal));
        Assert.True(line.Contains("status=delivered", StringComparison.Ordinal), line + "\n" + mizugiwa.Output);
        var (recipient, text) = Assert.Single(backend.Delivered);
        Assert.Equal("dan@lmtp.test", recipient);
        Assert.Contains($"Subject: {token}", text);
        Assert.Contains("LHLO mx.example.test", backend.Commands);
        Assert.Contains("MAIL FROM:<>", backend.Commands); // the probe
        Assert.Contains(backend.Commands, c => c.StartsWith("MAIL FROM:<sender@remote.test>", StringComparison.Ordinal));
    }
}
