using System.Diagnostics;
using System.Text;
using Mizugiwa.Content.Clamd;
using Mizugiwa.Testing;

namespace Mizugiwa.Content.Tests.Clamd;

/// <summary>
/// A real clamd (Debian clamav-daemon) on loopback TCP and a Unix socket in a temp directory, loading
/// only our own test signature (no ClamAV database is needed). Fails, not skips, when clamd is missing.
/// When its TCP port turns out taken (clamd logs that it cannot bind it and goes on with the Unix socket
/// alone, or another clamd answers there) it starts again on a new port.
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
    private readonly StringBuilder _log;
    private readonly string _directory;

    private ClamdServer(Process process, StringBuilder log, string directory, int port)
    {
        _process = process;
        _log = log;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }
    public string TcpEndpoint => $"127.0.0.1:{Port}";
    public string SocketPath => Path.Combine(_directory, "clamd.sock");

    /// <summary>clamd's output so far.</summary>
    private string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <param name="choosePort">Where TCP ports come from (<see cref="FreePorts.Next"/>); tests of the retry hand out a taken one.</param>
    public static async Task<ClamdServer> StartAsync(Func<int>? choosePort = null)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run scripts/install-test-deps.sh (Debian package clamav-daemon).");
        var directory = Directory.CreateTempSubdirectory("mizugiwa-clamd-").FullName;
        try
        {
            var database = Directory.CreateDirectory(Path.Combine(directory, "db")).FullName;
            // A second signature of this instance alone: what answers on the port proves it is our clamd by finding it.
            var instance = new Instance($"MIZUGIWA-INSTANCE-{Guid.NewGuid():N}", $"Mizugiwa.Test.Instance.{Path.GetFileName(directory).Replace('-', '_')}");
            await File.WriteAllTextAsync(Path.Combine(database, "mizugiwa.ndb"),
                $"{SignatureName}:0:*:{Hex(Payload)}\n{instance.SignatureName}:0:*:{Hex(instance.Marker)}\n");
            return await FreshPortAttempts.StartAsync("clamd", port => TryStartAsync(directory, database, instance, port), choosePort);
        }
        catch
        {
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.ASCII.GetBytes(text));

    /// <summary>Data only this instance's signature matches.</summary>
    private sealed record Instance(string Marker, string SignatureName);

    /// <summary>Starts clamd with its TCP socket on <paramref name="port"/> and waits until it is the one that scans there.</summary>
    private static async Task<StartAttempt<ClamdServer>> TryStartAsync(string directory, string database, Instance instance, int port)
    {
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
        File.Delete(Path.Combine(directory, "clamd.sock"));

        var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(conf);
        var process = Process.Start(info) ?? throw new InvalidOperationException("clamd did not start");
        var log = new StringBuilder();
        ProcessOutput.Collect(process, log);
        var server = new ClamdServer(process, log, directory, port);

        var scanner = new ClamdScanner(new ClamdOptions { Endpoint = server.TcpEndpoint, Timeout = TimeSpan.FromSeconds(2) });
        var marker = Encoding.ASCII.GetBytes(instance.Marker);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (IsBindFailure(server.Log))
                return StartAttempt.Retry<ClamdServer>($"clamd could not bind its TCP port; log:\n{await server.StopProcessAsync()}");
            if (process.HasExited)
            {
                var exited = $"clamd exited with code {process.ExitCode}; log:\n{await server.StopProcessAsync()}";
                return IsBindFailure(exited) ? StartAttempt.Retry<ClamdServer>(exited) : StartAttempt.Fatal<ClamdServer>(exited);
            }
            if (deadline.Elapsed > StartTimeout)
                return StartAttempt.Fatal<ClamdServer>($"clamd did not answer PING within {StartTimeout}; log:\n{await server.StopProcessAsync()}");
            if (await scanner.PingAsync(CancellationToken.None))
            {
                var found = await scanner.ScanAsync(marker, CancellationToken.None);
                if (found.Status == ClamdStatus.Infected && found.Signature?.StartsWith(instance.SignatureName, StringComparison.Ordinal) == true)
                    return StartAttempt.Started(server);
                if (found.Status != ClamdStatus.Error)
                    return StartAttempt.Retry<ClamdServer>($"another clamd answered on the port (it found {found.Signature ?? "nothing"} in this instance's marker); log:\n{await server.StopProcessAsync()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>What clamd logs when the port is taken: "ERROR: TCP: Cannot bind to [127.0.0.1]:PORT: Address already in use".</summary>
    private static bool IsBindFailure(string log) =>
        log.Contains("Cannot bind", StringComparison.OrdinalIgnoreCase) || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Stops clamd (the directory stays, for a start on a new port) and returns its output.</summary>
    private async Task<string> StopProcessAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            // also waits until the output is read to its end
            await _process.WaitForExitAsync(wait.Token);
            return Log;
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            return $"{e.Message}\n{Log}";
        }
        finally
        {
            _process.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
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
