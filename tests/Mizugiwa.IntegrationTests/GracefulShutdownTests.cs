using System.Diagnostics;
using System.Net.Sockets;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>SIGTERM: stop accepting at once, give running sessions the grace period, then 421 and exit 0.</summary>
public sealed class GracefulShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Sigterm_refuses_new_connections_then_sends_421_to_an_idle_session_and_exits_0()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["ShutdownGraceSeconds"] = "2" });
        await using var idle = await RawSmtpConnection.ConnectAsync(server.Port);
        Assert.Equal(220, (await idle.ReadReplyAsync()).Code);
        Assert.Equal(250, (await idle.CommandAsync("EHLO client.remote.test")).Code);
        Assert.Equal(250, (await idle.CommandAsync("MAIL FROM:<s@remote.test>")).Code);

        var sinceSignal = Stopwatch.StartNew();
        await server.SendTerminateAsync();

        await WaitUntilConnectionRefusedAsync(server.Port, Grace);
        var told = await idle.ReadLineAsync(TimeSpan.FromSeconds(10));
        var toldAfter = sinceSignal.Elapsed;
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(told);
        Assert.StartsWith("421", told);
        Assert.True(toldAfter >= Grace * 0.75, $"the idle session was told 421 after {toldAfter}, before the {Grace} grace period ended");
        Assert.Equal(0, exitCode);
    }

    /// <summary>
    /// Tries to connect every 50 ms until a connection is refused, at most for <paramref name="within"/>.
    /// A reset while connecting counts as refused: the connection was still in the backlog of the
    /// listening socket when the server closed it, so it was never served.
    /// </summary>
    private static async Task WaitUntilConnectionRefusedAsync(int port, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var probe = await RawSmtpConnection.ConnectAsync(port, TimeSpan.FromSeconds(1));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                return;
            }
            Assert.True(clock.Elapsed < within, $"new connections were still accepted {clock.Elapsed} after SIGTERM");
            await Task.Delay(ServerProcess.PollInterval);
        }
    }
}
