using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Mizugiwa.Smtp;

/// <summary>Kestrel hands each accepted connection of an SMTP listener to this handler.</summary>
public sealed class SmtpConnectionHandler(SmtpServices services) : ConnectionHandler
{
    private int _active;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var client = connection.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        await using var transport = new SmtpTransport(connection.Transport, services.Time, services.SessionEnd);
        try
        {
            if (Interlocked.Increment(ref _active) > services.Options.MaxConnections)
            {
                transport.Send(Replies.TooManyConnections);
                await transport.FlushAsync();
                return;
            }
            var session = new SmtpSession(transport, client, connection.ConnectionId, services);
            await session.RunAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}
