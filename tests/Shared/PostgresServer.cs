using System.Diagnostics;
using Npgsql;

namespace Mizugiwa.Testing;

/// <summary>
/// A real PostgreSQL (Debian's package) for one test run: initdb into a temp folder and postgres on a
/// free loopback port, both run as the `postgres` OS user (they refuse root), stopped by PID on dispose.
/// Fails, with a message saying what to install, when PostgreSQL is missing.
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

    /// <summary>A connection string to a fresh database of its own.</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false, Timeout = 5 }.ToString();

    public static async Task<PostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb"))) : null;
        if (bin is null) throw new InvalidOperationException("PostgreSQL is missing: run scripts/install-test-deps.sh (Debian package postgresql).");
        var directory = Directory.CreateTempSubdirectory("mizugiwa-pg-").FullName;
        await RunAsync("chown", "-R", "postgres:postgres", directory);
        await RunAsync("runuser", "-u", "postgres", "--", Path.Combine(bin, "initdb"), "-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        var port = FreePorts.Next();
        var start = new ProcessStartInfo("runuser") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-u", "postgres", "--", Path.Combine(bin, "postgres"), "-D", Path.Combine(directory, "data"), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-k", directory, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start");
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var server = new PostgresServer(process, directory, port);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(server.ConnectionString("postgres"));
                await connection.OpenAsync();
                return server;
            }
            catch (NpgsqlException) when (clock.Elapsed < StartTimeout && !process.HasExited)
            {
                await Task.Delay(100);
            }
            catch (NpgsqlException e)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException($"postgres did not accept connections on 127.0.0.1:{port} within {StartTimeout}: {e.Message}");
            }
        }
    }

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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        _process.Dispose();
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
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
