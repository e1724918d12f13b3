using System.Net.Sockets;
using System.Text;
using Mizugiwa.Testing;

namespace Mizugiwa.Storage.Tests.Support;

/// <summary>The Redis fixture when the port it chose is taken before redis-server binds it.</summary>
public sealed class RedisServerPortTests
{
    [Fact]
    public async Task StartsOnAnotherPortWhenTheChosenOneIsTaken()
    {
        using var taken = new TakenPort();

        await using var redis = await RedisServer.StartAsync(taken.FirstThenFree());

        Assert.NotEqual(taken.Port, redis.Port);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new TcpClient();
        await client.ConnectAsync(redis.EndPoint, limit.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray(), limit.Token);
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer, limit.Token);
        Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task GivesUpWithTheLastErrorWhenEveryPortIsTaken()
    {
        using var taken = new TakenPort();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RedisServer.StartAsync(taken.Always()));

        Assert.Contains($"127.0.0.1:{taken.Port}", error.Message);
        Assert.Contains("Address already in use", error.Message);
    }
}
