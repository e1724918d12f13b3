using System.Net.Sockets;
using System.Text;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// sd_notify as a Type=notify systemd unit sees it: the test plays systemd's notification socket (a Unix
/// datagram socket named by NOTIFY_SOCKET) for a real `mizugiwa serve`.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mizugiwa-notify-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Serve_says_ready_once_its_listeners_take_connections_and_stopping_on_sigterm()
    {
        var path = Path.Combine(_directory, "notify.sock");
        using var systemd = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        systemd.Bind(new UnixDomainSocketEndPoint(path));

        await using var server = await ServerProcess.StartAsync(provision: false, environment: new Dictionary<string, string> { ["NOTIFY_SOCKET"] = path });
        var ready = await ReceiveAsync(systemd);
        Assert.Contains("READY=1", ready.Split('\n'));
        // Ready means every listener is bound: the MX greets and the IMAPS port accepts.
        await using (var mx = await RawSmtpConnection.ConnectAsync(server.Port))
            Assert.Equal(220, (await mx.ReadReplyAsync()).Code);
        using (var imaps = new TcpClient()) await imaps.ConnectAsync(server.Address, server.ImapsPort);

        await server.SendTerminateAsync();
        Assert.Contains("STOPPING=1", (await ReceiveAsync(systemd)).Split('\n'));
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    private static async Task<string> ReceiveAsync(Socket socket)
    {
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var length = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
