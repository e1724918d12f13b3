using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Mizugiwa.Imap;

/// <summary>Kestrel hands each accepted connection of an IMAP listener to this handler.</summary>
public sealed class ImapConnectionHandler(ImapServices services) : ConnectionHandler
{
    private int _active;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var client = connection.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        await using var stream = new Mizugiwa.Smtp.DuplexPipeStream(connection.Transport.Input, connection.Transport.Output);
        try
        {
            if (Interlocked.Increment(ref _active) > services.Options.MaxConnections)
            {
                if (!services.Options.ImplicitTls)
                {
                    await stream.WriteAsync("* BYE Too many connections, try again later\r\n"u8.ToArray(), services.SessionEnd);
                    await stream.FlushAsync(services.SessionEnd);
                }
                return;
            }
            await ImapSession.RunAsync(stream, client.Address, connection.ConnectionId, services);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}
