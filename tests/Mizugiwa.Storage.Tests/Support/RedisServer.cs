using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Storage.Tests.Support;

/// <summary>
/// A real redis-server on 127.0.0.1 on a free port, for one test run: no persistence, killed on
/// dispose. <see cref="StopAsync"/> kills it (as a crash would) and <see cref="RestartAsync"/> starts
/// it again, empty, on the same port. Fails (does not skip) when redis-server is not installed.
/// Self-contained (no Redis client library): other test projects can link this file.
/// Usage: <c>await using var redis = await RedisServer.StartAsync();</c> then connect to <see cref="ConnectionString"/>.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Executable = "/usr/bin/redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private const int Attempts = 5;

    private readonly string _directory;
    private Running? _process;

    private RedisServer(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }
    public IPEndPoint EndPoint => new(IPAddress.Loopback, Port);
    /// <summary>"127.0.0.1:port", the form StackExchange.Redis takes.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";
    public bool IsRunning => _process is { Process.HasExited: false };

    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync(choosePort: null, cancellationToken);

    /// <param name="choosePort">Where ports come from (FreePorts.Next); tests of the retry hand out a taken one.</param>
    public static async Task<RedisServer> StartAsync(Func<int>? choosePort, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run scripts/install-test-deps.sh (Debian package redis-server).");
        var directory = Directory.CreateTempSubdirectory("mizugiwa-redis-").FullName;
        try
        {
            // any failure gets a new port (redis-server exits when it cannot bind its port)
            return await Mizugiwa.Testing.FreshPortAttempts.StartAsync("redis-server", async port =>
            {
                var server = new RedisServer(port, directory);
                var error = await server.TryStartAsync(cancellationToken);
                return error is null ? Mizugiwa.Testing.StartAttempt.Started(server) : Mizugiwa.Testing.StartAttempt.Retry<RedisServer>(error);
            }, choosePort, Attempts);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Kills the server (SIGKILL, like a crash) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is null) return;
        await StopAsync(_process);
        _process = null;
    }

    /// <summary>Starts the server again on the same port (empty: nothing was saved).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        string? error = null;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            error = await TryStartAsync(cancellationToken);
            if (error is null) return;
            await Task.Delay(200, cancellationToken);
        }
        throw new InvalidOperationException($"redis-server did not restart on port {Port}: {error}");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>A redis-server process and its log (stdout, read all along so the pipe never fills).</summary>
    private sealed record Running(Process Process, Task<string> Log);

    /// <summary>Starts the process and waits until it answers PING; returns null, or why it did not start.</summary>
    private async Task<string?> TryStartAsync(CancellationToken cancellationToken)
    {
        var running = Launch();
        bool answering;
        try
        {
            answering = await WaitUntilAnsweringAsync(running, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await StopAsync(running);
            throw;
        }
        if (answering)
        {
            _process = running;
            return null;
        }
        return await StopAsync(running);
    }

    private Running Launch()
    {
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", _directory,
        })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var log = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), stderr).ContinueWith(t => string.Concat(t.Result), TaskScheduler.Default);
        return new Running(process, log);
    }

    /// <summary>Sends PING until +PONG comes back; false when the process exits or time runs out.</summary>
    private async Task<bool> WaitUntilAnsweringAsync(Running running, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartTimeout);
        var ping = Encoding.ASCII.GetBytes("PING\r\n");
        var buffer = new byte[64];
        while (!deadline.IsCancellationRequested && !running.Process.HasExited)
        {
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
                attempt.CancelAfter(TimeSpan.FromMilliseconds(500));
                using var client = new TcpClient(AddressFamily.InterNetwork);
                await client.ConnectAsync(IPAddress.Loopback, Port, attempt.Token);
                var stream = client.GetStream();
                await stream.WriteAsync(ping, attempt.Token);
                var read = await stream.ReadAsync(buffer, attempt.Token);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)) return true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
            catch (Exception e) when (e is SocketException or IOException) { }
            await Task.Delay(50, CancellationToken.None);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

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
