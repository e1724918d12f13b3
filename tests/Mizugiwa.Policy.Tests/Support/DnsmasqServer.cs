using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mizugiwa.Policy.Tests.Support;

/// <summary>
/// A real dnsmasq on 127.0.0.1 serving <see cref="DnsmasqRecords"/> on a free port, for one test run.
/// Usage: <c>await using var dns = await DnsmasqServer.StartAsync(new DnsmasqRecords().PtrRecord(…).HostRecord(…));</c>
/// then point the resolver at <see cref="Server"/> ("127.0.0.1:port"). Fails (does not skip) when
/// dnsmasq is not installed. Self-contained (no DNS library): copy with DnsmasqRecords.cs to reuse.
/// </summary>
public sealed class DnsmasqServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/dnsmasq";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private const int Attempts = 5;

    private readonly Running _process;
    private readonly string _directory;

    private DnsmasqServer(Running process, int port, string directory)
    {
        _process = process;
        Port = port;
        _directory = directory;
    }

    public int Port { get; }
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);
    /// <summary>"127.0.0.1:port", the form DnsResolverOptions.Servers takes.</summary>
    public string Server => $"127.0.0.1:{Port}";

    public static Task<DnsmasqServer> StartAsync(DnsmasqRecords records, CancellationToken cancellationToken = default) =>
        StartAsync(records, choosePort: null, cancellationToken);

    /// <param name="choosePort">Where UDP ports come from (a free one); tests of the retry hand out a taken one.</param>
    public static async Task<DnsmasqServer> StartAsync(DnsmasqRecords records, Func<int>? choosePort, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run scripts/install-test-deps.sh (Debian package dnsmasq-base).");
        var directory = Directory.CreateTempSubdirectory("mizugiwa-dnsmasq-").FullName;
        var conf = Path.Combine(directory, "dnsmasq.conf");
        await File.WriteAllTextAsync(conf, records.ToConf(), cancellationToken);

        try
        {
            // any failure gets a new port (dnsmasq exits when it cannot bind its port)
            return await Mizugiwa.Testing.FreshPortAttempts.StartAsync("dnsmasq", async port =>
            {
                var process = Launch(port, conf);
                bool answering;
                try
                {
                    answering = await WaitUntilAnsweringAsync(process, port, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await StopAsync(process);
                    throw;
                }
                return answering
                    ? Mizugiwa.Testing.StartAttempt.Started(new DnsmasqServer(process, port, directory))
                    : Mizugiwa.Testing.StartAttempt.Retry<DnsmasqServer>(await StopAsync(process));
            }, choosePort ?? FreeUdpPort, Attempts);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>A dnsmasq process and its log (stderr, read all along so the pipe never fills).</summary>
    private sealed record Running(Process Process, Task<string> Log);

    private static Running Launch(int port, string conf)
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--no-daemon", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--pid-file", "--log-facility=-", $"--conf-file={conf}",
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("dnsmasq did not start");
        return new Running(process, process.StandardError.ReadToEndAsync());
    }

    /// <summary>A loopback UDP port that was free a moment ago (bound and released).</summary>
    public static int FreeUdpPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    /// <summary>Sends a DNS query until any answer comes back; false when dnsmasq exits or time runs out.</summary>
    private static async Task<bool> WaitUntilAnsweringAsync(Running running, int port, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        using var client = new UdpClient(AddressFamily.InterNetwork);
        client.Connect(IPAddress.Loopback, port);
        var query = ProbeQuery();
        while (!deadline.IsCancellationRequested && !running.Process.HasExited)
        {
            try
            {
                await client.SendAsync(query, deadline.Token);
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                attempt.CancelAfter(TimeSpan.FromMilliseconds(200));
                var reply = await client.ReceiveAsync(attempt.Token);
                if (reply.Buffer.Length >= 2 && reply.Buffer[0] == query[0] && reply.Buffer[1] == query[1]) return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            catch (SocketException) { await Task.Delay(50, CancellationToken.None); }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    /// <summary>A query for "probe." type A (id 0x4d5a).</summary>
    private static byte[] ProbeQuery() =>
    [
        0x4d, 0x5a, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        5, (byte)'p', (byte)'r', (byte)'o', (byte)'b', (byte)'e', 0,
        0x00, 0x01, 0x00, 0x01,
    ];

    private static async Task<string> StopAsync(Running running)
    {
        var process = running.Process;
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(wait.Token);
            return await running.Log.WaitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            return e.Message;
        }
        finally
        {
            process.Dispose();
        }
    }
}
