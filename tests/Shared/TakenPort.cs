using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Testing;

/// <summary>
/// A loopback port that a listening socket of the test holds, as another process might between FreePorts
/// releasing it and a fixture's server binding it. For tests of the fixtures' fresh-port retries.
/// </summary>
public sealed class TakenPort : IDisposable
{
    private readonly TcpListener _listener;

    public TakenPort()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
    }

    public int Port { get; }

    /// <summary>A port chooser that hands out this taken port <paramref name="times"/> times, then free ones.</summary>
    public Func<int> FirstThenFree(int times = 1)
    {
        var left = times;
        return () => Interlocked.Decrement(ref left) >= 0 ? Port : FreePorts.Next();
    }

    /// <summary>A port chooser that only ever hands out this taken port.</summary>
    public Func<int> Always() => () => Port;

    public void Dispose() => _listener.Stop();
}
