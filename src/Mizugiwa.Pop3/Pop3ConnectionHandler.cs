using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Mizugiwa.Pop3;

/// <summary>Kestrel hands each accepted connection of a POP3 listener to this handler.</summary>
public sealed class Pop3ConnectionHandler(Pop3Services services) : ConnectionHandler
{
    private int _active;

    public override async Task OnConnectedAsync(ConnectionContext connection)
    {
        var client = connection.RemoteEndPoint as IPEndPoint ?? new IPEndPoint(IPAddress.None, 0);
        await using var transport = new Pop3Transport(connection.Transport, services.Time, services.SessionEnd);
        try
        {
            if (Interlocked.Increment(ref _active) > services.Options.MaxConnections)
            {
                if (services.Options.Kind == Pop3ListenerKind.StartTls)
                {
                    transport.Send(Pop3Replies.TooManyConnections);
                    await transport.FlushAsync();
                }
                return;
            }
            await new Pop3Session(transport, client, connection.ConnectionId, services).RunAsync();
        }
        catch (Exception e) when (e is Pop3SessionEnd or IOException or OperationCanceledException)
        {
            // The client left before it could be told.
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }
}
