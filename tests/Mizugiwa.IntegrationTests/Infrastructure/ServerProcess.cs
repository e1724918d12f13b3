using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>
/// The real <c>mizugiwa serve</c> in its own process: a fresh temporary data directory, a free
/// port on 127.0.0.1, host name mx.example.test, and its stdout/stderr kept for assertions.
/// It can be killed (SIGKILL), stopped (SIGTERM) and started again on the same data directory and port.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string HostName = "mx.example.test";
    public const string Domain = "example.test";
    public const string Alice = "alice@example.test";
    public const string Bob = "bob@example.test";
    /// <summary>An alias that reaches <see cref="Alice"/> and <see cref="Bob"/>.</summary>
    public const string Sales = "sales@example.test";
    /// <summary>An account with a non-ASCII local part (RFC 6531).</summary>
    public const string Utf8User = "用户@example.test";

    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Dictionary<string, string?> _environment;
    private readonly Lock _outputLock = new();
    private readonly StringBuilder _output = new();
    private readonly ConcurrentDictionary<string, Maildir> _mailboxes = new();
    private Process? _process;
    private string? _startupProbe;

    /// <summary>The listener ports this class chose (not given in the settings), chosen again when one turns out taken.</summary>
    private static readonly string[] PortKeys = ["Mx__Port", "Submission__Port", "Submission__ImplicitTlsPort", "Pop3__Port", "Pop3__ImplicitTlsPort", "Imap__Port", "Imap__ImplicitTlsPort", "Web__Port"];
    private readonly List<string> _chosenPorts;

    private ServerProcess(string root, int port, IReadOnlyDictionary<string, string>? settings)
    {
        RootDirectory = root;
        _chosenPorts = [.. PortKeys.Where(key => settings?.ContainsKey(key) != true)];
        _environment = MizugiwaExecutable.Environment(DataDirectory, new Dictionary<string, string>
        {
            ["Mx__Address"] = "127.0.0.1",
            ["Mx__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HostName"] = HostName,
            // Tests make errors on purpose; they should not wait for the tarpit.
            ["Limits__ErrorDelayStepMilliseconds"] = "0",
            // No DNS query may leave loopback: tests that need DNS start their own dnsmasq and override this.
            ["Checks__Dns__Servers__0"] = "127.0.0.1:9",
            ["Checks__Dns__TimeoutMilliseconds"] = "300",
            ["Checks__Dns__Retries"] = "0",
            // Submission listeners (STARTTLS and implicit TLS) on their own free ports, so servers can run side by side.
            ["Submission__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Submission__ImplicitTlsPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // POP3 listeners (STLS and implicit TLS) likewise.
            ["Pop3__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pop3__ImplicitTlsPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            // IMAP listeners (STARTTLS and implicit TLS) likewise.
            ["Imap__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Imap__ImplicitTlsPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Web__Port"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        if (settings is not null)
        {
            foreach (var (key, value) in settings) _environment[MizugiwaExecutable.EnvironmentPrefix + key] = value;
        }
    }

    /// <summary>Temporary folder that holds the data directory; deleted on dispose.</summary>
    public string RootDirectory { get; }
    public string DataDirectory => Path.Combine(RootDirectory, "data");
    public string QueueDirectory => Path.Combine(DataDirectory, "spool", "queue");
    public string IncomingDirectory => Path.Combine(DataDirectory, "spool", "incoming");
    public int Port => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Mx__Port"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The submission (STARTTLS, RFC 6409) port: setting Submission__Port.</summary>
    public int SubmissionPort => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Submission__Port"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The implicit-TLS submission (RFC 8314) port: setting Submission__ImplicitTlsPort.</summary>
    public int ImplicitTlsPort => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Submission__ImplicitTlsPort"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The POP3 port with STLS: setting Pop3__Port.</summary>
    public int Pop3Port => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Pop3__Port"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The POP3S (implicit TLS) port: setting Pop3__ImplicitTlsPort.</summary>
    public int Pop3sPort => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Pop3__ImplicitTlsPort"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The IMAP (STARTTLS) port: setting Imap__Port.</summary>
    public int ImapPort => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Imap__Port"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The IMAPS (implicit TLS) port: setting Imap__ImplicitTlsPort.</summary>
    public int ImapsPort => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Imap__ImplicitTlsPort"]!, System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>The loopback address the server listens on (setting Mx__Address, default 127.0.0.1).</summary>
    public int WebPort => int.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Web__Port"]!, System.Globalization.CultureInfo.InvariantCulture);

    public IPAddress Address => IPAddress.Parse(_environment[MizugiwaExecutable.EnvironmentPrefix + "Mx__Address"]!);
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("not started");
    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Everything the server wrote to stdout and stderr so far, across restarts.</summary>
    public string Output
    {
        get { lock (_outputLock) return _output.ToString(); }
    }

    /// <summary>
    /// Starts a server on a new data directory. <paramref name="settings"/> are configuration keys
    /// with "__" for nesting (e.g. "ShutdownGraceSeconds"), passed as MIZUGIWA__ environment variables.
    /// With <paramref name="provision"/> the directory gets example.test, alice, bob, 用户 and sales → alice, bob.
    /// </summary>
    /// <param name="startupProbe">Sent first on the connection that checks the server greets (e.g. a PROXY header).</param>
    /// <param name="environment">Other environment variables of the server process, as named (e.g. NOTIFY_SOCKET).</param>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool provision = true, string? startupProbe = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var root = Directory.CreateTempSubdirectory("mizugiwa-it-").FullName;
        var server = new ServerProcess(root, FreePort(), settings) { _startupProbe = startupProbe };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) server._environment[name] = value;
        try
        {
            if (provision) await server.ProvisionAsync();
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await server.StartProcessAsync();
                    return server;
                }
                catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.Ordinal))
                {
                    // A port freed by FreePorts can be taken by any socket of the machine (an outgoing connection's
                    // local port) before the server binds it: choose new ones and start again.
                    server.ChooseNewPorts();
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a management command (<c>mizugiwa domain …</c>) on this server's data directory.</summary>
    public Task<ProcessResult> RunCliAsync(IEnumerable<string> args, string? stdin = null) =>
        ExternalProcess.RunAsync("dotnet", [MizugiwaExecutable.DllPath, .. args], _environment, stdin, workingDirectory: RootDirectory);

    /// <summary>A new admin API token (<c>mizugiwa token add NAME</c>).</summary>
    public async Task<string> AddApiTokenAsync(string name = "ops")
    {
        var token = await RunCliAsync(["token", "add", name]);
        Assert.Equal(0, token.ExitCode);
        return token.StandardOutput.Trim();
    }

    /// <summary>An HTTP client for the web port, sending <paramref name="bearerToken"/> when given.</summary>
    public HttpClient WebClient(string? bearerToken = null)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{WebPort}/"), Timeout = TimeSpan.FromSeconds(20) };
        if (bearerToken is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        return http;
    }

    /// <summary>One transaction from <paramref name="from"/> that stops after RCPT: the last reply line to each recipient.</summary>
    public async Task<string[]> RcptRepliesAsync(IPAddress from, params string[] recipients)
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(Port, server: Address, from: from);
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO client.remote.test")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<someone@remote.test>")).Code);
        var replies = new List<string>();
        foreach (var recipient in recipients) replies.Add((await smtp.CommandAsync($"RCPT TO:<{recipient}>")).LastLine);
        await smtp.SendLineAsync("QUIT");
        return [.. replies];
    }

    /// <summary>The <c>new/</c> folder of a local mailbox's Maildir.</summary>
    public Maildir Mailbox(string address) => _mailboxes.GetOrAdd(address.ToLowerInvariant(), lower =>
    {
        // The server percent-encodes non-ASCII local parts as UTF-8 bytes, as Uri.EscapeDataString does.
        var at = lower.LastIndexOf('@');
        return new Maildir(Path.Combine(DataDirectory, "mail", lower[(at + 1)..], Uri.EscapeDataString(lower[..at]), "new"));
    });

    /// <summary>Waits (polling every 50 ms, bounded) until the output holds a line that satisfies <paramref name="predicate"/>, and returns it.</summary>
    public async Task<string> WaitForOutputLineAsync(Func<string, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitForOutputLinesAsync(predicate, 1, timeout))[0];

    /// <summary>Waits (polling every 50 ms, bounded) until the output holds <paramref name="count"/> lines that satisfy <paramref name="predicate"/>.</summary>
    public async Task<IReadOnlyList<string>> WaitForOutputLinesAsync(Func<string, bool> predicate, int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? StartTimeout;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var lines = Output.Split('\n').Where(predicate).ToList();
            if (lines.Count >= count) return lines;
            if (clock.Elapsed > limit) throw new TimeoutException($"{lines.Count} of {count} matching output line(s) within {limit}; output:\n{Output}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Polls every 50 ms (bounded) until <c>spool/queue/</c> holds no file: everything queued has been delivered.</summary>
    public async Task WaitForEmptyQueueAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? StartTimeout;
        var clock = Stopwatch.StartNew();
        while (Directory.Exists(QueueDirectory) && Directory.GetFiles(QueueDirectory).Length > 0)
        {
            if (clock.Elapsed > limit)
                throw new TimeoutException($"queue still holds {Directory.GetFiles(QueueDirectory).Length} file(s) after {limit}; output:\n{Output}");
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>SIGKILL: no chance to clean up, as in a power cut of the process.</summary>
    public void Kill()
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        process.Kill(entireProcessTree: true);
        if (!process.WaitForExit(TimeSpan.FromSeconds(10))) throw new TimeoutException("killed server did not exit");
        AppendOutput("=== killed ===");
    }

    /// <summary>Sends SIGTERM and waits (bounded) for the process to exit; returns its exit code.</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        await SendTerminateAsync();
        return await WaitForExitAsync(timeout);
    }

    /// <summary>Sends SIGTERM without waiting for the exit.</summary>
    public async Task SendTerminateAsync()
    {
        var kill = await ExternalProcess.RunAsync("kill", ["-TERM", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM failed: {kill}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        var process = _process ?? throw new InvalidOperationException("not started");
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"server did not exit within {timeout}; output:\n{Output}");
        }
        return process.ExitCode;
    }

    /// <summary>Starts the server again on the same data directory and port (the old process must have exited).</summary>
    public async Task RestartAsync()
    {
        if (!HasExited) throw new InvalidOperationException("the server is still running");
        AppendOutput("=== restart ===");
        await StartProcessAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await WaitForExitAsync(TimeSpan.FromSeconds(10));
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is no reason to fail a test.
        }
    }

    private async Task ProvisionAsync()
    {
        string[][] commands =
        [
            ["domain", "add", Domain],
            ["account", "add", Alice, "--password-stdin"],
            ["account", "add", Bob, "--password-stdin"],
            ["account", "add", Utf8User, "--password-stdin"],
            ["alias", "add", Sales, Alice],
            ["alias", "add", Sales, Bob],
        ];
        foreach (var command in commands)
        {
            var result = await RunCliAsync(command, "secret-password\n");
            if (result.ExitCode != 0) throw new InvalidOperationException($"mizugiwa {string.Join(' ', command)} failed: {result}");
        }
    }

    private void ChooseNewPorts()
    {
        foreach (var key in _chosenPorts)
            _environment[MizugiwaExecutable.EnvironmentPrefix + key] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task StartProcessAsync()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
            WorkingDirectory = RootDirectory,
        };
        startInfo.ArgumentList.Add(MizugiwaExecutable.DllPath);
        startInfo.ArgumentList.Add("serve");
        foreach (var (key, value) in _environment) startInfo.Environment[key] = value;

        _process?.Dispose();
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) AppendOutput(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) AppendOutput(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilGreetingAsync();
    }

    /// <summary>Polls every 50 ms, up to 30 s, until a connection gets the 220 greeting.</summary>
    private async Task WaitUntilGreetingAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"server exited with code {_process.ExitCode} before listening; output:\n{Output}");
            try
            {
                await using var connection = await RawSmtpConnection.ConnectAsync(Port, TimeSpan.FromSeconds(5), _startupProbe, Address);
                var greeting = await connection.ReadReplyAsync();
                if (greeting.Code == 220)
                {
                    await connection.SendLineAsync("QUIT");
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or TimeoutException)
            {
                // Not listening yet.
            }
            if (clock.Elapsed > StartTimeout) throw new TimeoutException($"server did not greet within {StartTimeout}; output:\n{Output}");
            await Task.Delay(PollInterval);
        }
    }

    private void AppendOutput(string line)
    {
        lock (_outputLock) _output.Append(line).Append('\n');
    }

    public static int FreePort() => Mizugiwa.Testing.FreePorts.Next();
}
