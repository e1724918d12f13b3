using System.Text;
using Mizugiwa.Content.Clamd;
using Mizugiwa.Testing;

namespace Mizugiwa.Content.Tests.Clamd;

/// <summary>The clamd fixture when the TCP port it chose is taken before clamd binds it.</summary>
public sealed class ClamdServerPortTests
{
    [Fact]
    public async Task Clamd_starts_on_another_port_when_the_chosen_one_is_taken()
    {
        using var taken = new TakenPort();

        await using var server = await ClamdServer.StartAsync(taken.FirstThenFree());

        Assert.NotEqual(taken.Port, server.Port);
        var scanner = new ClamdScanner(new ClamdOptions { Endpoint = server.TcpEndpoint, Timeout = TimeSpan.FromSeconds(30) });
        var result = await scanner.ScanAsync(Encoding.ASCII.GetBytes($"before {ClamdServer.Payload} after"), CancellationToken.None);
        Assert.Equal(ClamdStatus.Infected, result.Status);
        Assert.StartsWith(ClamdServer.SignatureName, result.Signature);
    }

    [Fact]
    public async Task Clamd_gives_up_with_its_log_when_every_port_is_taken()
    {
        using var taken = new TakenPort();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ClamdServer.StartAsync(taken.Always()));

        Assert.Contains($"{FreshPortAttempts.DefaultAttempts} fresh ports", error.Message);
        Assert.Contains($"Cannot bind to [127.0.0.1]:{taken.Port}: Address already in use", error.Message);
    }
}
