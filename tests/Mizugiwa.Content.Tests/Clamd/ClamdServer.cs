using System.Diagnostics;
using System.Text;
using Mizugiwa.Content.Clamd;
using Mizugiwa.Testing;

namespace Mizugiwa.Content.Tests.Clamd;

/// <summary>
/// A real clamd (Debian clamav-daemon) on loopback TCP and a Unix socket in a temp directory, loading
/// only our own test signature (no ClamAV database is needed). Fails, not skips, when clamd is missing.
/// </summary>
public sealed class ClamdServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/clamd";
    /// <summary>What the test signature matches, anywhere in any scanned file.</summary>
    public const string Payload = "MIZUGIWA-TEST-PAYLOAD-7f3a9c";
    public const string SignatureName = "Mizugiwa.Test.Payload";
    /// <summary>clamd's own StreamMaxLength in the fixture.</summary>
    public const long StreamMaxLength = 1024 * 1024;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly string _directory;

    private ClamdServer(Process process, Task<string> output, string directory, int port)
    {
        _process = process;
        _output = output;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }
    public string TcpEndpoint => $"127.0.0.1:{Port}";
    public string SocketPath => Path.Combine(_directory, "clamd.sock");

    public static async Task<ClamdServer> StartAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run scripts/install-test-deps.sh (Debian package clamav-daemon).");
        var directory = Directory.CreateTempSubdirectory("mizugiwa-clamd-").FullName;
        var database = Directory.CreateDirectory(Path.Combine(directory, "db")).FullName;
        var hex = Convert.ToHexStringLower(Encoding.ASCII.GetBytes(Payload));
        await File.WriteAllTextAsync(Path.Combine(database, "mizugiwa.ndb"), $"{SignatureName}:0:*:{hex}\n");
        var port = FreePorts.Next();
        var conf = Path.Combine(directory, "clamd.conf");
        await File.WriteAllTextAsync(conf, string.Join('\n',
            $"DatabaseDirectory {database}",
            $"TemporaryDirectory {directory}",
            $"TCPSocket {port}",
            "TCPAddr 127.0.0.1",
            $"LocalSocket {Path.Combine(directory, "clamd.sock")}",
            "Foreground yes",
            $"StreamMaxLength {StreamMaxLength}",
            "MaxThreads 4",
            "SelfCheck 0",
            "") + "\n");

        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(conf);
        var process = Process.Start(info) ?? throw new InvalidOperationException("clamd did not start");
        var output = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync()).ContinueWith(t => string.Concat(t.Result), TaskScheduler.Default);
        var server = new ClamdServer(process, output, directory, port);

        var scanner = new ClamdScanner(new ClamdOptions { Endpoint = server.TcpEndpoint, Timeout = TimeSpan.FromSeconds(2) });
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout && !process.HasExited)
        {
            if (await scanner.PingAsync(CancellationToken.None)) return server;
            await Task.Delay(100);
        }
        var log = await server.StopAsync();
        throw new InvalidOperationException($"clamd did not answer PING within {StartTimeout}: {log}");
    }

    private async Task<string> StopAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
            return await _output.WaitAsync(wait.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            return e.Message;
        }
        finally
        {
            _process.Dispose();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One clamd shared by the tests of the "clamd" collection.</summary>
public sealed class ClamdFixture : IAsyncLifetime
{
    private ClamdServer? _server;

    public ClamdServer Server => _server ?? throw new InvalidOperationException("clamd is not running");

    public async Task InitializeAsync() => _server = await ClamdServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClamdCollection : ICollectionFixture<ClamdFixture>
{
    public const string Name = "clamd";
}
