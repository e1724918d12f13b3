using System.Diagnostics;
using System.Net;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Two `mizugiwa serve` nodes (127.0.0.1 and 127.0.0.2) share one real redis-server. A harvester
/// spreads its probes over both; once over the line it gets 4xx from both, for valid recipients too,
/// until the (test-shortened) block lifts. A client from another network is never affected, and
/// mail keeps flowing when Redis dies.
/// </summary>
public sealed class HarvestAcrossNodesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly IPAddress Harvester = IPAddress.Parse("127.0.0.50");
    private static readonly IPAddress Neighbour = IPAddress.Parse("127.1.0.5");
    private const int BlockSeconds = 3;

    private RedisServer? _redis;
    private ServerProcess? _nodeA;
    private ServerProcess? _nodeB;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = await ServerProcess.StartAsync(Settings("127.0.0.1"));
        _nodeB = await ServerProcess.StartAsync(Settings("127.0.0.2"));
    }

    private Dictionary<string, string> Settings(string address) => Settings(address, _redis!, BlockSeconds);

    internal static Dictionary<string, string> Settings(string address, RedisServer redis, int blockSeconds) => new()
    {
        ["Mx__Address"] = address,
        ["State__Backend"] = "Redis",
        ["State__Redis"] = redis.ConnectionString,
        ["State__RetrySeconds"] = "1",
        ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
        ["Checks__Rgrey__Mode"] = "Off",
        ["Checks__Harvest__UnknownRecipientsPerAddress"] = "6",
        ["Checks__Harvest__RcptOnlyTransactionsPerAddress"] = "100",
        ["Checks__Harvest__WindowSeconds"] = "60",
        ["Checks__Harvest__BlockSeconds"] = blockSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Checks__Harvest__TarpitStepMilliseconds"] = "10",
    };

    public async Task DisposeAsync()
    {
        if (_nodeA is not null) await _nodeA.DisposeAsync();
        if (_nodeB is not null) await _nodeB.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }

    /// <summary>One session: EHLO, MAIL, the RCPTs; returns the RCPT reply codes. No DATA.</summary>
    internal static async Task<int[]> ProbeAsync(ServerProcess node, IPAddress from, params string[] recipients)
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(node.Port, server: node.Address, from: from);
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO probe.example")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<x@probe.example>")).Code);
        var codes = new List<int>();
        foreach (var recipient in recipients) codes.Add((await smtp.CommandAsync($"RCPT TO:<{recipient}>")).Code);
        await smtp.SendLineAsync("QUIT");
        return [.. codes];
    }

    /// <summary>A whole message; returns the final reply code.</summary>
    private static async Task<int> SendAsync(ServerProcess node, IPAddress from, string token)
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(node.Port, server: node.Address, from: from);
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO neighbour.example")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<n@neighbour.example>")).Code);
        var rcpt = await smtp.CommandAsync($"RCPT TO:<{ServerProcess.Alice}>");
        if (rcpt.Code != 250) return rcpt.Code;
        Assert.Equal(354, (await smtp.CommandAsync("DATA")).Code);
        return (await smtp.CommandAsync($"Subject: {token}\r\n\r\nhello\r\n.")).Code;
    }

    [Fact]
    public async Task Harvester_is_deferred_on_both_nodes_until_the_block_lifts()
    {
        var (a, b) = (_nodeA!, _nodeB!);
        // Six unknown recipients, spread over both nodes and three sessions.
        Assert.All(await ProbeAsync(a, Harvester, "nobody1@example.test", "nobody2@example.test"), code => Assert.Equal(550, code));
        Assert.All(await ProbeAsync(b, Harvester, "nobody3@example.test", "nobody4@example.test"), code => Assert.Equal(550, code));
        var third = await ProbeAsync(a, Harvester, "nobody5@example.test", "nobody6@example.test");
        output.WriteLine($"third session: {string.Join(",", third)}");

        // Blocked everywhere, for a valid recipient too, and only with temporary failures.
        var blockedAt = Stopwatch.StartNew();
        Assert.Equal(450, Assert.Single(await ProbeAsync(a, Harvester, ServerProcess.Alice)));
        Assert.Equal(450, Assert.Single(await ProbeAsync(b, Harvester, ServerProcess.Alice)));
        await b.WaitForOutputLineAsync(l => l.Contains("client=127.0.0.50", StringComparison.Ordinal) && l.Contains("check=harvest", StringComparison.Ordinal)
            && l.Contains("reply=\"450 4.7.1", StringComparison.Ordinal));

        // The neighbour from another network is served all along.
        Assert.Equal(250, await SendAsync(a, Neighbour, "neighbour-a"));
        Assert.Equal(250, await SendAsync(b, Neighbour, "neighbour-b"));

        // The block lifts by itself (bounded wait: the block is 3 s long).
        var deadline = TimeSpan.FromSeconds(BlockSeconds + 15);
        int[] codes;
        do
        {
            await Task.Delay(250);
            codes = await ProbeAsync(a, Harvester, ServerProcess.Alice);
        }
        while (codes[0] != 250 && blockedAt.Elapsed < deadline);
        output.WriteLine($"served again after {blockedAt.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(250, Assert.Single(codes));
        Assert.Equal(250, Assert.Single(await ProbeAsync(b, Harvester, ServerProcess.Alice)));
    }

    [Fact]
    public async Task Mail_still_flows_when_redis_dies_and_sharing_returns_with_it()
    {
        var (a, b) = (_nodeA!, _nodeB!);
        Assert.Equal(250, await SendAsync(a, Neighbour, "before"));
        await _redis!.StopAsync();

        Assert.Equal(250, await SendAsync(a, Neighbour, "during-a"));
        Assert.Equal(250, await SendAsync(b, Neighbour, "during-b"));
        await a.Mailbox(ServerProcess.Alice).WaitForMessageAsync("during-a");
        await b.Mailbox(ServerProcess.Alice).WaitForMessageAsync("during-b");
        await a.WaitForOutputLineAsync(l => l.Contains("counting locally", StringComparison.OrdinalIgnoreCase));

        await _redis.RestartAsync();
        var deadline = Stopwatch.StartNew();
        int code;
        do
        {
            await Task.Delay(250);
            code = await SendAsync(a, Neighbour, "after");
        }
        while (code != 250 && deadline.Elapsed < TimeSpan.FromSeconds(20));
        Assert.Equal(250, code);
    }
}
