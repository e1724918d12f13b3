using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Testing;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// A throwaway Dovecot LMTP server from Debian (dovecot-core, dovecot-lmtpd) on 127.0.0.1, for one test run:
/// <c>dovecot -F -c DIR/dovecot.conf</c> in the foreground with a self-contained configuration (nothing from
/// /etc/dovecot): its own base_dir and state_dir in a temporary folder, <c>protocols = lmtp</c>, one LMTP
/// listener, no SSL, the given users in a passwd-file (anyone else is refused at RCPT with 550 5.1.1) and
/// their Maildirs under DIR/mail/DOMAIN/USER. It runs as root (as in CI); Dovecot refuses mail access as
/// root, so mail is written as nobody (65534). The banner names the instance (its folder), so a stranger on
/// the port is not taken for it; when the port turns out taken, it starts again on a new one. Only its own
/// master process (and that process's children) is stopped on dispose; every wait is bounded.
/// </summary>
public sealed class DovecotLmtpServer : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/dovecot";
    private const string LmtpDaemon = "/usr/lib/dovecot/lmtp";
    private const string HostName = "lmtp.backend.test";
    /// <summary>nobody/nogroup: the owner of the Maildirs (Dovecot never writes mail as root).</summary>
    private const int MailUid = 65534;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly StringBuilder _output = new();
    private Process? _master;

    private DovecotLmtpServer(string root) => RootDirectory = root;

    public string RootDirectory { get; }
    public int Port { get; private set; }

    /// <summary>Names this instance in its LMTP banner: "220 lmtp.backend.test Dovecot mizugiwa-dovecot-… ready.".</summary>
    public string InstanceName => Path.GetFileName(RootDirectory);
    private string ConfigFile => Path.Combine(RootDirectory, "dovecot.conf");
    private string UsersFile => Path.Combine(RootDirectory, "users");
    public string MailDirectory => Path.Combine(RootDirectory, "mail");

    /// <summary>What Dovecot logged (log_path = /dev/stderr), for failure messages and assertions.</summary>
    public string Log
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The new/ folder of <paramref name="address"/>'s INBOX (mail_location maildir:DIR/mail/%d/%n).</summary>
    public Maildir Mailbox(string address)
    {
        var at = address.LastIndexOf('@');
        return new Maildir(Path.Combine(MailDirectory, address[(at + 1)..], address[..at], "new"));
    }

    /// <summary>
    /// Sets up and starts an instance that knows <paramref name="users"/> (full addresses). Throws (so the
    /// test fails, not skips) when Dovecot is missing or cannot run.
    /// </summary>
    /// <param name="choosePort">Where LMTP ports come from (<see cref="FreePorts.Next"/>); tests of the retry hand out a taken one.</param>
    public static async Task<DovecotLmtpServer> StartAsync(IReadOnlyList<string> users, Func<int>? choosePort = null)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Dovecot backend runs on Debian only");
        if (!File.Exists(Executable) || !File.Exists(LmtpDaemon))
            throw new InvalidOperationException($"Dovecot LMTP is not installed ({Executable}, {LmtpDaemon}): run scripts/install-test-deps.sh (Debian packages dovecot-core, dovecot-lmtpd)");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"the Dovecot instance needs root (it writes mail as nobody); running as {Environment.UserName}");

        var root = Directory.CreateTempSubdirectory("mizugiwa-dovecot-").FullName;
        // nobody must be able to traverse it to the Maildirs
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var server = new DovecotLmtpServer(root);
        try
        {
            await server.SetUpAsync(users);
            return await FreshPortAttempts.StartAsync("dovecot", server.TryStartAsync, choosePort);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(IReadOnlyList<string> users)
    {
        Directory.CreateDirectory(MailDirectory);
        var chown = await ExternalProcess.RunAsync("chown", [$"{MailUid}:{MailUid}", MailDirectory], timeout: TimeSpan.FromSeconds(10));
        if (chown.ExitCode != 0) throw new InvalidOperationException($"chown {MailDirectory} failed: {chown}");
        // passwd-file: user:password:uid:gid:gecos:home:shell:extra; empty uid/gid fall back to mail_uid/mail_gid
        await File.WriteAllTextAsync(UsersFile, string.Concat(users.Select(u => $"{u}::::::\n")));
    }

    /// <summary>The whole configuration: nothing is read from /etc/dovecot.</summary>
    private Task WriteConfigAsync(int port) => File.WriteAllTextAsync(ConfigFile, $$"""
        instance_name = {{InstanceName}}
        base_dir = {{Path.Combine(RootDirectory, "run")}}
        state_dir = {{Path.Combine(RootDirectory, "state")}}
        protocols = lmtp
        listen = 127.0.0.1
        ssl = no
        log_path = /dev/stderr
        hostname = {{HostName}}
        login_greeting = Dovecot {{InstanceName}} ready.
        # the helper processes stay root (auth reads the users file in the temporary folder)
        default_internal_user = root
        default_internal_group = root
        default_login_user = root
        mail_location = maildir:{{MailDirectory}}/%d/%n
        # Dovecot refuses mail access as root ("Mail access not allowed for root")
        mail_uid = {{MailUid}}
        mail_gid = {{MailUid}}
        passdb {
          driver = passwd-file
          args = username_format=%u {{UsersFile}}
        }
        userdb {
          driver = passwd-file
          args = username_format=%u {{UsersFile}}
        }
        service lmtp {
          inet_listener lmtp {
            address = 127.0.0.1
            port = {{port.ToString(CultureInfo.InvariantCulture)}}
          }
        }

        """);

    /// <summary>Starts the master with LMTP on <paramref name="port"/> and waits until our instance greets there.</summary>
    private async Task<StartAttempt<DovecotLmtpServer>> TryStartAsync(int port)
    {
        Port = port;
        await WriteConfigAsync(port);
        var outputStart = Log.Length;
        string AttemptLog() => Log[outputStart..];

        var start = new ProcessStartInfo(Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-F", "-c", ConfigFile }) start.ArgumentList.Add(argument);
        var master = Process.Start(start) ?? throw new InvalidOperationException("could not start dovecot");
        _master = master;
        ProcessOutput.Collect(master, _output);

        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (master.HasExited)
            {
                // the output pipes may still hold the last lines: wait for them (bounded) before reading the log
                using (var drain = new CancellationTokenSource(StopTimeout)) await master.WaitForExitAsync(drain.Token);
                var exited = $"dovecot exited with code {master.ExitCode}; log:\n{AttemptLog()}";
                await StopAsync();
                // "Error: service(lmtp): listen(127.0.0.1, N) failed: Address already in use"
                return exited.Contains("Address already in use", StringComparison.Ordinal)
                    ? StartAttempt.Retry<DovecotLmtpServer>(exited)
                    : StartAttempt.Fatal<DovecotLmtpServer>(exited);
            }
            var banner = await BannerAsync();
            if (banner is not null && !IsOurBanner(banner))
            {
                await StopAsync();
                return StartAttempt.Retry<DovecotLmtpServer>($"something else answered on 127.0.0.1:{port} with \"{banner}\"; log:\n{AttemptLog()}");
            }
            if (banner is not null) return StartAttempt.Started(this);
            if (clock.Elapsed > StartTimeout)
            {
                await StopAsync();
                return StartAttempt.Fatal<DovecotLmtpServer>($"dovecot did not greet on 127.0.0.1:{port} within {StartTimeout}; log:\n{AttemptLog()}");
            }
            await Task.Delay(100);
        }
    }

    private bool IsOurBanner(string line) =>
        line.StartsWith("220 ", StringComparison.Ordinal) && line.Split(' ').Contains(InstanceName, StringComparer.Ordinal);

    /// <summary>The first line whatever listens on the port sends, or null when nothing answers yet (within 2 seconds).</summary>
    private async Task<string?> BannerAsync()
    {
        using var client = new TcpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, Port, limit.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            return await reader.ReadLineAsync(limit.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Stops our master: TERM (it ends its own children: lmtp, auth, log, …), a bounded wait, then KILL for
    /// the master and whatever of its process tree is left.
    /// </summary>
    private async Task StopAsync()
    {
        if (_master is not { } master) return;
        _master = null;
        try
        {
            if (!master.HasExited)
            {
                await ExternalProcess.RunAsync("kill", ["-TERM", master.Id.ToString(CultureInfo.InvariantCulture)], timeout: StopTimeout);
                using var limit = new CancellationTokenSource(StopTimeout);
                try { await master.WaitForExitAsync(limit.Token); }
                catch (OperationCanceledException) { master.Kill(entireProcessTree: true); }
            }
        }
        catch (InvalidOperationException)
        {
            // it exited between the checks: nothing left to stop
        }
        finally
        {
            master.Dispose();
        }
    }

    /// <summary>Stops the master and deletes the instance's folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is no reason to fail a test.
        }
    }
}
