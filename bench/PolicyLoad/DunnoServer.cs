using System.Net;
using System.Net.Sockets;

namespace PolicyLoad;

/// <summary>
/// A policy server that answers every request with DUNNO and does nothing else: what the load client
/// alone can drive on this machine (the ceiling of any measurement made with it).
/// </summary>
internal static class DunnoServer
{
    private static readonly byte[] Answer = "action=DUNNO\n\n"u8.ToArray();

    public static async Task RunAsync(int port)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(512);
        Console.WriteLine($"dunno server on 127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}");
        while (true)
        {
            var socket = await listener.AcceptAsync();
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private static async Task ServeAsync(Socket socket)
    {
        using var _ = socket;
        socket.NoDelay = true;
        var buffer = new byte[16384];
        var filled = 0;
        try
        {
            while (true)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None);
                if (n == 0) return;
                filled += n;
                int start = 0, end;
                while ((end = buffer.AsSpan(start, filled - start).IndexOf("\n\n"u8)) >= 0)
                {
                    await socket.SendAsync(Answer, SocketFlags.None);
                    start += end + 2;
                }
                Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                filled -= start;
            }
        }
        catch (SocketException)
        {
        }
    }
}
