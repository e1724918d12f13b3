using System.Net;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// `mizugiwa blocks` and `limits` on two nodes sharing Redis. The block lasts long (the CLI is a new
/// process and may take seconds to start on a busy machine); it ends by being released.
/// </summary>
public sealed class HarvestBlocksCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int BlockSeconds = 600;

    private RedisServer? _redis;
    private ServerProcess? _nodeA;
    private ServerProcess? _nodeB;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _nodeA = await ServerProcess.StartAsync(HarvestAcrossNodesTests.Settings("127.0.0.1", _redis, BlockSeconds));
        _nodeB = await ServerProcess.StartAsync(HarvestAcrossNodesTests.Settings("127.0.0.2", _redis, BlockSeconds));
    }

    public async Task DisposeAsync()
    {
        if (_nodeA is not null) await _nodeA.DisposeAsync();
        if (_nodeB is not null) await _nodeB.DisposeAsync();
        if (_redis is not null) await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Blocks_and_limits_are_visible_and_a_block_can_be_released()
    {
        var (a, b) = (_nodeA!, _nodeB!);
        var harvester = IPAddress.Parse("127.0.0.51");
        await HarvestAcrossNodesTests.ProbeAsync(a, harvester, "n1@example.test", "n2@example.test", "n3@example.test");
        await HarvestAcrossNodesTests.ProbeAsync(b, harvester, "n4@example.test", "n5@example.test", "n6@example.test");
        Assert.Equal(450, Assert.Single(await HarvestAcrossNodesTests.ProbeAsync(b, harvester, ServerProcess.Alice)));

        var list = await a.RunCliAsync(["blocks", "list"]);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("127.0.0.51", list.StandardOutput);
        Assert.DoesNotContain("did not answer", list.StandardError);
        var limits = await a.RunCliAsync(["limits", "show", "127.0.0.51"]);
        Assert.Equal(0, limits.ExitCode);
        output.WriteLine(limits.StandardOutput);
        // The probe sessions are over, so none is counted as open any more.
        Assert.Matches(@"127\.0\.0\.51\s+concurrent connections\s+0 / 20", limits.StandardOutput);
        Assert.Matches(@"127\.0\.0\.51\s+unknown recipients / 1m\s+6 / 6\s+REACHED", limits.StandardOutput);

        var release = await b.RunCliAsync(["blocks", "release", "127.0.0.51"]);
        Assert.Equal(0, release.ExitCode);
        Assert.Equal(250, Assert.Single(await HarvestAcrossNodesTests.ProbeAsync(a, harvester, ServerProcess.Alice)));
        Assert.Equal(65, (await b.RunCliAsync(["blocks", "release", "127.0.0.51"])).ExitCode);
    }
}
