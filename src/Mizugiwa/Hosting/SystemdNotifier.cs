using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mizugiwa.Hosting;

/// <summary>
/// sd_notify(3) for a <c>Type=notify</c> systemd unit (deploy/systemd/mizugiwa.service): READY=1 once every
/// listener is bound, so units ordered after ours start only when mail is taken, and STOPPING=1 when a
/// graceful stop begins. Does nothing unless systemd set NOTIFY_SOCKET.
/// </summary>
internal sealed class SystemdNotifier(IHostApplicationLifetime lifetime, ILogger<SystemdNotifier> logger) : IHostedService
{
    public const string SocketVariable = "NOTIFY_SOCKET";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 } socket) return Task.CompletedTask;
        lifetime.ApplicationStarted.Register(() => Send(socket, "READY=1\nSTATUS=taking mail"));
        lifetime.ApplicationStopping.Register(() => Send(socket, "STOPPING=1\nSTATUS=finishing sessions"));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Send(string socketPath, string state)
    {
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            // "@name" is a socket in the abstract namespace, written with a leading NUL.
            var path = socketPath.StartsWith('@') ? "\0" + socketPath[1..] : socketPath;
            socket.SendTo(Encoding.UTF8.GetBytes(state), new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e)
        {
            logger.LogWarning("systemd notification to {Socket} failed: {Error}", socketPath, e.Message);
        }
    }
}
