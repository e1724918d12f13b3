using System.Diagnostics;
using System.Text;
using Npgsql;

namespace Mizugiwa.Testing;

/// <summary>
/// A real PostgreSQL (Debian's package) for one test run: initdb into a temp folder and postgres on a
/// free loopback port, both run as the `postgres` OS user (they refuse root), stopped by PID on dispose.
/// When the port turns out taken (postgres cannot bind it, or another PostgreSQL answers there) postgres
/// starts again on a new port; initdb runs once. Fails, with a message saying what to install, when
/// PostgreSQL is missing.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly string _directory;

    private PostgresServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string to a fresh database of its own.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false, Timeout = 5 }.ToString();

    /// <param name="choosePort">Where ports come from (<see cref="FreePorts.Next"/>); tests of the retry hand out a taken one.</param>
    public static async Task<PostgresServer> StartAsync(Func<int>? choosePort = null)
    {
        var bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb"))) : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL is missing: run scripts/install-test-deps.sh (Debian package postgresql).");
        var directory = Directory.CreateTempSubdirectory("mizugiwa-pg-").FullName;
        try
        {
            await RunAsync("chown", "-R", "postgres:postgres", directory);
            await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
            return await FreshPortAttempts.StartAsync("postgres", port => TryStartAsync(bin, directory, port), choosePort);
        }
        catch
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
            throw;
        }
    }

    /// <summary>Starts postgres on <paramref name="port"/> and waits until it is the one that answers there.</summary>
    private static async Task<StartAttempt<PostgresServer>> TryStartAsync(string bin, string directory, int port)
    {
        var start = new ProcessStartInfo("runuser") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-u", "postgres", "--", Path.Combine(bin, "postgres"), "-D", Path.Combine(directory, "data"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        var log = new StringBuilder();
        ProcessOutput.Collect(process, log);
        var server = new PostgresServer(process, directory, port);
        string Log()
        {
            lock (log) return log.ToString();
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            string? answeringDataDirectory = null;
            Exception? lastError = null;
            try
            {
                // a short timeout: a stranger that holds the port may accept and never answer
                var probe = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Timeout = 2, CommandTimeout = 2 };
                await using var connection = new NpgsqlConnection(probe.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
                answeringDataDirectory = (string?)await command.ExecuteScalarAsync();
            }
            catch (NpgsqlException e)
            {
                lastError = e;
            }
            if (answeringDataDirectory == server.DataDirectory) return StartAttempt.Started(server);
            if (answeringDataDirectory is not null)
            {
                await server.StopAsync();
                return StartAttempt.Retry<PostgresServer>($"another PostgreSQL (data directory {answeringDataDirectory}) answered on the port; log:\n{Log()}");
            }
            if (process.HasExited)
            {
                // the parameterless wait also waits until the log is read to its end
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                await server.StopAsync();
                var exited = $"postgres exited; log:\n{Log()}";
                return IsBindFailure(Log()) ? StartAttempt.Retry<PostgresServer>(exited) : StartAttempt.Fatal<PostgresServer>(exited);
            }
            if (clock.Elapsed > StartTimeout)
            {
                await server.StopAsync();
                return StartAttempt.Fatal<PostgresServer>($"postgres did not accept connections within {StartTimeout}: {lastError?.Message}; log:\n{Log()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>What postgres logs when its port is taken: "could not bind IPv4 address ...: Address already in use".</summary>
    private static bool IsBindFailure(string log) =>
        log.Contains("could not bind", StringComparison.OrdinalIgnoreCase) || log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>A connection string whose search path is a new, empty schema of the postgres database (cheaper than a database per test).</summary>
    public string NewSchema()
    {
        var schema = "t_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { SearchPath = schema }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>Stops postgres and leaves the data directory (a start on a new port reuses it).</summary>
    private async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        _process.Dispose();
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }
}
