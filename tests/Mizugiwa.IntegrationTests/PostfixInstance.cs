using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Testing;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// A throwaway Postfix from Debian on 127.0.0.1 (see ../shared/TESTING-NOTES.md, "Postfix as a peer"):
/// own main.cf/master.cf/queue in a temporary folder, the master run as <c>master -d</c> under
/// setsid so that it leads its own process group, an MX for example.test that delivers
/// alice@example.test and bob@example.test into Maildirs with virtual(8). The test client is not in
/// mynetworks but may use XCLIENT. Stopped by killing the master's process group; every wait is bounded.
/// When its port turns out taken (the master cannot bind it, or something else answers there) the master
/// starts again on a new port; the banner names the instance (its folder) so that a stranger is not taken for it.
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    public const string Domain = "example.test";
    private const string DaemonDirectory = "/usr/lib/postfix/sbin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _master;
    private int? _masterPid;
    private readonly StringBuilder _masterOutput = new();

    private PostfixInstance(string root, string domain = Domain)
    {
        RootDirectory = root;
        MailDomain = domain;
    }

    /// <summary>The domain this instance is the MX of: <see cref="Domain"/>, or the one given to <see cref="StartRemoteMxAsync"/>.</summary>
    public string MailDomain { get; }

    public string RootDirectory { get; }
    public int Port { get; private set; }

    /// <summary>Names this instance in its SMTP banner: "220 mta.postfix.test ESMTP mizugiwa-postfix-…".</summary>
    public string InstanceName => Path.GetFileName(RootDirectory);
    private string ConfigDirectory => Path.Combine(RootDirectory, "etc");
    private string MailDirectory => Path.Combine(RootDirectory, "mail");
    public string LogFile => Path.Combine(RootDirectory, "postfix.log");

    /// <summary>The log so far, for failure messages.</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no postfix log)";

    private string LogText => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "";

    /// <summary>What the master wrote to stdout and stderr (it logs there before postlogd runs).</summary>
    private string MasterOutput
    {
        get { lock (_masterOutput) return _masterOutput.ToString(); }
    }

    /// <summary>The new/ folder of a mailbox of <see cref="Domain"/> ("alice" or "bob").</summary>
    public Maildir Mailbox(string user) => new(Path.Combine(MailDirectory, MailDomain, user, "new"));

    /// <summary>
    /// Sets up and starts an instance whose smtpd asks the policy service at <paramref name="policyPort"/>
    /// at RCPT (none: every recipient it has a mailbox for is taken) and, with <paramref name="milterPort"/>,
    /// hands each message to the milter there (smtpd_milters, protocol 6, milter_default_action = tempfail so
    /// that a broken milter shows as a 451). Throws (so the test fails, not skips) when Postfix is missing or cannot run.
    /// </summary>
    /// <param name="choosePort">Where SMTP ports come from (<see cref="FreePorts.Next"/>); tests of the retry hand out a taken one.</param>
    public static async Task<PostfixInstance> StartAsync(int? policyPort, Func<int>? choosePort = null, int? milterPort = null)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Postfix peer runs on Debian only");
        if (!File.Exists(Path.Combine(DaemonDirectory, "master")) || !File.Exists("/usr/sbin/postfix"))
            throw new InvalidOperationException("Postfix is not installed (/usr/lib/postfix/sbin/master): run scripts/install-test-deps.sh (Debian package postfix)");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"a Postfix instance needs root (its daemons switch to the postfix user); running as {Environment.UserName}");

        var root = Directory.CreateTempSubdirectory("mizugiwa-postfix-").FullName;
        // the postfix and nobody users must be able to traverse it
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var instance = new PostfixInstance(root);
        try
        {
            var restrictions = policyPort is { } port ? $"check_policy_service inet:127.0.0.1:{port}, permit" : "permit";
            await instance.SetUpAsync(restrictions, ["alice", "bob"], tls: false, milterPort);
            await instance.StartOnFreshPortsAsync(choosePort);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Sets up and starts an instance that is the MX of <paramref name="domain"/> for outbound tests:
    /// <paramref name="users"/> get Maildirs (anyone else is refused with 550 5.1.1), each entry of
    /// <paramref name="recipientAccess"/> (address → reply such as "450 4.2.0 try later") answers RCPT
    /// for that address, and STARTTLS is offered with a throwaway self-signed certificate.
    /// </summary>
    /// <param name="choosePort">Where SMTP ports come from (<see cref="FreePorts.Next"/>); tests of the retry hand out a taken one.</param>
    /// <param name="tlsIdentity">PEM certificate (chain) and key for STARTTLS instead of the self-signed one (MTA-STS tests use a test CA's).</param>
    public static async Task<PostfixInstance> StartRemoteMxAsync(string domain, IReadOnlyList<string> users, IReadOnlyDictionary<string, string> recipientAccess, Func<int>? choosePort = null,
        (string CertificatePem, string KeyPem)? tlsIdentity = null)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Postfix peer runs on Debian only");
        if (!File.Exists(Path.Combine(DaemonDirectory, "master")) || !File.Exists("/usr/sbin/postfix"))
            throw new InvalidOperationException("Postfix is not installed (/usr/lib/postfix/sbin/master): run scripts/install-test-deps.sh (Debian package postfix)");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"a Postfix instance needs root (its daemons switch to the postfix user); running as {Environment.UserName}");
        var root = Directory.CreateTempSubdirectory("mizugiwa-postfix-mx-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var instance = new PostfixInstance(root, domain);
        try
        {
            Directory.CreateDirectory(instance.ConfigDirectory);
            var access = Path.Combine(instance.ConfigDirectory, "recipient_access");
            await File.WriteAllTextAsync(access, string.Concat(recipientAccess.Select(a => $"{a.Key} {a.Value}\n")));
            await instance.SetUpAsync($"check_recipient_access texthash:{access}, permit", users, tls: true, tlsIdentity: tlsIdentity);
            await instance.StartOnFreshPortsAsync(choosePort);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(string recipientRestrictions, IReadOnlyList<string> users, bool tls, int? milterPort = null,
        (string CertificatePem, string KeyPem)? tlsIdentity = null)
    {
        var milterSettings = milterPort is { } milter
            ? $"smtpd_milters = inet:127.0.0.1:{milter}\nmilter_protocol = 6\nmilter_default_action = tempfail\n"
            : "";
        string domain = MailDomain;
        var data = Path.Combine(RootDirectory, "data");
        var spool = Path.Combine(RootDirectory, "spool");
        Directory.CreateDirectory(ConfigDirectory);
        Directory.CreateDirectory(spool);
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(MailDirectory);
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "vmailbox"),
            string.Concat(users.Select(u => $"{u}@{domain} {domain}/{u}/\n")));
        string tlsSettings = "";
        if (tls)
        {
            var key = Path.Combine(ConfigDirectory, "key.pem");
            var cert = Path.Combine(ConfigDirectory, "cert.pem");
            if (tlsIdentity is { } identity)
            {
                await File.WriteAllTextAsync(cert, identity.CertificatePem);
                await File.WriteAllTextAsync(key, identity.KeyPem);
            }
            else await Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", $"/CN=mx.{domain}"]);
            tlsSettings = $"smtpd_tls_security_level = may\nsmtpd_tls_cert_file = {cert}\nsmtpd_tls_key_file = {key}\nsmtpd_tls_loglevel = 1\n";
        }
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "main.cf"), $"""
            compatibility_level = 3.6
            config_directory = {ConfigDirectory}
            queue_directory = {spool}
            data_directory = {data}
            meta_directory = /etc/postfix
            command_directory = /usr/sbin
            daemon_directory = {DaemonDirectory}
            shlib_directory = /usr/lib/postfix
            mail_owner = postfix
            setgid_group = postdrop
            maillog_file = {LogFile}
            # the default allows only /var and /dev/stdout; the temporary folder may be elsewhere
            maillog_file_prefixes = {RootDirectory}
            myhostname = mta.postfix.test
            mydomain = postfix.test
            myorigin = $myhostname
            mydestination =
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            # the test client is a stranger, like an inbound MX peer, but may say whom it stands for
            mynetworks =
            smtpd_authorized_xclient_hosts = 127.0.0.0/8
            smtpd_relay_restrictions = reject_unauth_destination
            smtpd_recipient_restrictions = {recipientRestrictions}
            virtual_mailbox_domains = {domain}
            virtual_mailbox_maps = texthash:{Path.Combine(ConfigDirectory, "vmailbox")}
            virtual_mailbox_base = {MailDirectory}
            virtual_uid_maps = static:65534
            virtual_gid_maps = static:65534
            virtual_minimum_uid = 100
            local_recipient_maps =
            alias_maps =
            alias_database =
            disable_dns_lookups = yes
            smtp_host_lookup = native
            lmtp_host_lookup = native
            smtpd_peername_lookup = no
            smtpd_client_connection_rate_limit = 0
            smtpd_banner = $myhostname ESMTP {InstanceName}
            biff = no
            append_dot_mydomain = no
            readme_directory = no
            {tlsSettings}
            {milterSettings}
            """);
        await WriteMasterConfigAsync(port: null);
        await Run("chown", ["postfix:postfix", data]);
        await Run("chown", ["nobody:nogroup", MailDirectory]);
        // creates the queue directories with their owners (no chroot is used)
        await Run("/usr/sbin/postfix", ["-c", ConfigDirectory, "set-permissions"]);
    }

    /// <summary>master.cf, with the smtpd listener on <paramref name="port"/> (none before a port is chosen).</summary>
    private Task WriteMasterConfigAsync(int? port)
    {
        var smtpd = port is null ? "" : $"127.0.0.1:{port} inet n - n - - smtpd\n";
        return File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "master.cf"), smtpd + """
            pickup    unix  n       -       n       60      1       pickup
            cleanup   unix  n       -       n       -       0       cleanup
            qmgr      unix  n       -       n       300     1       qmgr
            rewrite   unix  -       -       n       -       -       trivial-rewrite
            bounce    unix  -       -       n       -       0       bounce
            defer     unix  -       -       n       -       0       bounce
            trace     unix  -       -       n       -       0       bounce
            verify    unix  -       -       n       -       1       verify
            flush     unix  n       -       n       1000?   0       flush
            proxymap  unix  -       -       n       -       -       proxymap
            proxywrite unix -       -       n       -       1       proxymap
            showq     unix  n       -       n       -       -       showq
            error     unix  -       -       n       -       -       error
            retry     unix  -       -       n       -       -       error
            discard   unix  -       -       n       -       -       discard
            virtual   unix  -       n       n       -       -       virtual
            anvil     unix  -       -       n       -       1       anvil
            scache    unix  -       -       n       -       1       scache
            postlog   unix-dgram n  -       n       -       1       postlogd
            tlsmgr    unix  -       -       n       1000?   1       tlsmgr

            """);
    }

    private static async Task Run(string program, string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {result}");
    }

    private async Task StartOnFreshPortsAsync(Func<int>? choosePort) =>
        await FreshPortAttempts.StartAsync("postfix", TryStartMasterAsync, choosePort);

    /// <summary>Starts the master with smtpd on <paramref name="port"/> and waits until our smtpd greets there.</summary>
    private async Task<StartAttempt<PostfixInstance>> TryStartMasterAsync(int port)
    {
        Port = port;
        await WriteMasterConfigAsync(port);
        // only what this attempt logs counts: the log file keeps earlier attempts' bind errors
        var logStart = LogText.Length;
        var outputStart = MasterOutput.Length;
        string AttemptLog() => $"{LogText[Math.Min(logStart, LogText.Length)..]}{MasterOutput[outputStart..]}";

        // `postfix -c DIR start` refuses a directory that is not in alternate_config_directories: run master itself.
        // setsid makes the master a session (and process group) leader; --wait keeps setsid alive as long
        // as the master in case it had to fork to get there.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--wait", Path.Combine(DaemonDirectory, "master"), "-d", "-c", ConfigDirectory }) start.ArgumentList.Add(argument);
        start.Environment["MAIL_CONFIG"] = ConfigDirectory;
        var master = Process.Start(start) ?? throw new InvalidOperationException("could not start the postfix master");
        _master = master;
        ProcessOutput.Collect(master, _masterOutput);

        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (IsBindFailure(AttemptLog()))
            {
                await StopMasterAsync();
                return StartAttempt.Retry<PostfixInstance>($"the master could not bind 127.0.0.1:{port}; log:\n{AttemptLog()}");
            }
            if (master.HasExited)
            {
                var code = master.ExitCode;
                await StopMasterAsync();
                var exited = $"postfix master exited with code {code}; log:\n{AttemptLog()}";
                if (IsBindFailure(exited)) return StartAttempt.Retry<PostfixInstance>(exited);
                // a master that cannot bind exits with code 1 and leaves nothing in maillog_file or on stderr (it fails before
                // postlogd runs): whether the port is taken is tested here instead
                return TakenBy(port) is { } taken
                    ? StartAttempt.Retry<PostfixInstance>($"{exited}\n127.0.0.1:{port} is held by another socket: {taken}")
                    : StartAttempt.Fatal<PostfixInstance>(exited);
            }
            var banner = await BannerAsync();
            if (banner is not null && !IsOurBanner(banner))
            {
                await StopMasterAsync();
                return StartAttempt.Retry<PostfixInstance>($"something else answered on 127.0.0.1:{port} with \"{banner}\"; log:\n{AttemptLog()}");
            }
            if (banner is not null && await MasterPidAsync() is { } pid)
            {
                _masterPid = pid;
                return StartAttempt.Started(this);
            }
            if (clock.Elapsed > StartTimeout)
            {
                await StopMasterAsync();
                return StartAttempt.Fatal<PostfixInstance>($"postfix did not greet on 127.0.0.1:{port} within {StartTimeout}; log:\n{AttemptLog()}");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>What the master logs when the port is taken: "fatal: bind 127.0.0.1 port N: Address already in use".</summary>
    private static bool IsBindFailure(string log) => log.Contains("Address already in use", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why 127.0.0.1:<paramref name="port"/> cannot be bound now ("Address already in use"), or null when it can.</summary>
    private static string? TakenBy(int port)
    {
        var probe = new TcpListener(System.Net.IPAddress.Loopback, port);
        try
        {
            probe.Start();
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return e.Message;
        }
        finally
        {
            probe.Stop();
        }
    }

    private bool IsOurBanner(string line) =>
        line.StartsWith("220 ", StringComparison.Ordinal) && line.Split(' ').Contains(InstanceName, StringComparer.Ordinal);

    /// <summary>
    /// The PID the master wrote into its queue directory, once it is there. Read with cat: the master
    /// holds a lock on the file, and .NET's own open would take a conflicting shared lock and fail.
    /// </summary>
    private async Task<int?> MasterPidAsync()
    {
        var file = Path.Combine(RootDirectory, "spool", "pid", "master.pid");
        if (!File.Exists(file)) return null;
        var result = await ExternalProcess.RunAsync("cat", [file], timeout: TimeSpan.FromSeconds(10));
        return result.ExitCode == 0 && int.TryParse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>The first line whatever listens on the port sends, or null when nothing answers yet (within 2 seconds).</summary>
    private async Task<string?> BannerAsync()
    {
        using var client = new TcpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Port, limit.Token);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            return await reader.ReadLineAsync(limit.Token);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>
    /// Ends the master's process group (master, smtpd, qmgr, ...): TERM, a bounded wait, then KILL for
    /// anything left. setsid made the master a session leader, so its PID is the group id.
    /// </summary>
    private async Task StopMasterAsync()
    {
        if (_master is not { } master) return;
        var group = "-" + (_masterPid ?? await MasterPidAsync() ?? master.Id).ToString(CultureInfo.InvariantCulture);
        if (!master.HasExited) await ExternalProcess.RunAsync("kill", ["-TERM", "--", group], timeout: TimeSpan.FromSeconds(10));
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try { await master.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException) { /* KILL below */ }
        }
        // "no such process" when everything is gone already: fine.
        await ExternalProcess.RunAsync("kill", ["-KILL", "--", group], timeout: TimeSpan.FromSeconds(10));
        master.Dispose();
        _master = null;
        _masterPid = null;
    }

    /// <summary>Stops the master's process group and deletes the instance's folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopMasterAsync();
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
