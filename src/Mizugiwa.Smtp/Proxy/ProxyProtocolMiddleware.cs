using Mizugiwa.Core;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Mizugiwa.Smtp.Proxy;

/// <summary>
/// Kestrel connection middleware for listeners behind a load balancer: reads the PROXY header
/// (v1 or v2) before anything else and makes its source address the connection's remote end point.
/// Only peers in <paramref name="trustedProxies"/> may send one; any other connection, or one
/// without a valid header within the timeout, is closed.
/// </summary>
public sealed class ProxyProtocolMiddleware(ConnectionDelegate next, IReadOnlyList<IPNetwork> trustedProxies, TimeSpan timeout, TimeProvider time, ILogger logger)
{
    public async Task OnConnectionAsync(ConnectionContext connection)
    {
        var peer = connection.RemoteEndPoint as IPEndPoint;
        var peerAddress = peer is null ? null : ClientAddress.Unmapped(peer.Address);
        if (peerAddress is null || !trustedProxies.Any(n => n.Contains(peerAddress)))
        {
            logger.LogWarning("proxy protocol: connection from {Peer} refused: not a trusted proxy", peer);
            return;
        }
        using var timer = new CancellationTokenSource(timeout, time);
        var input = connection.Transport.Input;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timer.Token);
                var status = ProxyHeader.TryParse(result.Buffer, out var consumed, out var source, out var error);
                if (status == ProxyParseStatus.Done)
                {
                    input.AdvanceTo(consumed);
                    if (source is not null) connection.RemoteEndPoint = source;
                    break;
                }
                if (status == ProxyParseStatus.Invalid || result.IsCompleted)
                {
                    logger.LogWarning("proxy protocol: connection from {Peer} closed: {Error}", peer, error ?? "closed before the header");
                    return;
                }
                input.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("proxy protocol: connection from {Peer} closed: no header within {Timeout}", peer, timeout);
            return;
        }
        await next(connection);
    }
}
