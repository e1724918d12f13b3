using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Testing;

/// <summary>
/// Loopback ports for test servers. The kernel may hand the same ephemeral port to two binds in a row
/// once the first is released, so a port given out once is never given out again by this process.
/// </summary>
public static class FreePorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        while (true)
        {
            var port = BindAndRelease();
            lock (HandedOut)
            {
                if (HandedOut.Add(port)) return port;
            }
        }
    }

    private static int BindAndRelease()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
