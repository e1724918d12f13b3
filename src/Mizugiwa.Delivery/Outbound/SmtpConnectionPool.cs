namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// Idle SMTP connections by host (name, address, port), most recent first: at most <paramref name="capacity"/>
/// per host, each taken out only while still connected and idle for less than <paramref name="idleTimeout"/>.
/// Connections that are too old (a timer looks every half timeout), over the bound, or left when the pool
/// is disposed are closed with QUIT.
/// </summary>
internal sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<(RelayingSmtpClient Client, DateTimeOffset Since)>> _idle = [];
    private readonly int _capacity;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeProvider _time;
    private readonly ITimer _sweeper;
    private bool _disposed;

    public SmtpConnectionPool(int capacity, TimeSpan idleTimeout, TimeProvider time)
    {
        _capacity = capacity;
        _idleTimeout = idleTimeout;
        _time = time;
        _sweeper = time.CreateTimer(_ => _ = CloseAsync(TakeExpired()), null, idleTimeout / 2, idleTimeout / 2);
    }

    /// <summary>A connected idle client for the host, or null; the expired ones met on the way are closed.</summary>
    public async Task<RelayingSmtpClient?> TakeAsync(OutboundHost host)
    {
        var stale = new List<RelayingSmtpClient>();
        RelayingSmtpClient? found = null;
        lock (_gate)
        {
            if (_idle.TryGetValue(host.PoolKey, out var list))
            {
                var now = _time.GetUtcNow();
                while (found is null && list.Count > 0)
                {
                    var (client, since) = list[^1];
                    list.RemoveAt(list.Count - 1);
                    if (client.IsConnected && now - since < _idleTimeout) found = client;
                    else stale.Add(client);
                }
            }
        }
        await CloseAsync(stale);
        return found;
    }

    /// <summary>Keeps the client for the next message to the host; closes it when the host already has enough idle ones.</summary>
    public async Task ReturnAsync(OutboundHost host, RelayingSmtpClient client)
    {
        lock (_gate)
        {
            if (!_disposed && client.IsConnected)
            {
                var key = host.PoolKey;
                if (!_idle.TryGetValue(key, out var list)) _idle[key] = list = [];
                if (list.Count < _capacity)
                {
                    list.Add((client, _time.GetUtcNow()));
                    return;
                }
            }
        }
        await CloseAsync([client]);
    }

    /// <summary>Removes the idle connections that are too old or no longer connected, for closing.</summary>
    private List<RelayingSmtpClient> TakeExpired()
    {
        var expired = new List<RelayingSmtpClient>();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var (key, list) in _idle)
            {
                bool Expired((RelayingSmtpClient Client, DateTimeOffset Since) e) => !e.Client.IsConnected || now - e.Since >= _idleTimeout;
                expired.AddRange(list.Where(Expired).Select(e => e.Client));
                list.RemoveAll(Expired);
                if (list.Count == 0) _idle.Remove(key);
            }
        }
        return expired;
    }

    public async ValueTask DisposeAsync()
    {
        await _sweeper.DisposeAsync();
        List<RelayingSmtpClient> all;
        lock (_gate)
        {
            _disposed = true;
            all = [.. _idle.Values.SelectMany(l => l.Select(e => e.Client))];
            _idle.Clear();
        }
        await CloseAsync(all);
    }

    private static async Task CloseAsync(IEnumerable<RelayingSmtpClient> clients)
    {
        foreach (var client in clients)
        {
            await MailKitTransport.QuitAsync(client);
            client.Dispose();
        }
    }
}
