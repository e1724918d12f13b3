using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// A throwaway Postfix from Debian on 127.0.0.1 (see ../shared/TESTING-NOTES.md, "Postfix as a peer"):
/// own main.cf/master.cf/queue in a temporary folder, the master run as <c>master -d</c> under
/// setsid so that it leads its own process group, an MX for example.test that delivers
/// alice@example.test and bob@example.test into Maildirs with virtual(8). The test client is not in
/// mynetworks but may use XCLIENT. Stopped by killing the master's process group; every wait is bounded.
/// </summary>
public sealed class PostfixInstance : IAsyncDisposable
{
    public const string Domain = "example.test";
    private const string DaemonDirectory = "/usr/lib/postfix/sbin";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private Process? _master;
    private int? _masterPid;

    private PostfixInstance(string root, int port, string domain = Domain)
    {
        RootDirectory = root;
        Port = port;
        MailDomain = domain;
    }

    /// <summary>The domain this instance is the MX of: <see cref="Domain"/>, or the one given to <see cref="StartRemoteMxAsync"/>.</summary>
    public string MailDomain { get; }

    public string RootDirectory { get; }
    public int Port { get; }
    private string ConfigDirectory => Path.Combine(RootDirectory, "etc");
    private string MailDirectory => Path.Combine(RootDirectory, "mail");
    public string LogFile => Path.Combine(RootDirectory, "postfix.log");

    /// <summary>The log so far, for failure messages.</summary>
    public string Log => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no postfix log)";

    /// <summary>The new/ folder of a mailbox of <see cref="Domain"/> ("alice" or "bob").</summary>
    public Maildir Mailbox(string user) => new(Path.Combine(MailDirectory, MailDomain, user, "new"));

    /// <summary>
    /// Sets up and starts an instance whose smtpd asks the policy service at <paramref name="policyPort"/>
    /// at RCPT. Throws (so the test fails, not skips) when Postfix is missing or cannot run.
    /// </summary>
    public static async Task<PostfixInstance> StartAsync(int policyPort)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Postfix peer runs on Debian only");
        if (!File.Exists(Path.Combine(DaemonDirectory, "master")) || !File.Exists("/usr/sbin/postfix"))
            throw new InvalidOperationException("Postfix is not installed (/usr/lib/postfix/sbin/master): run scripts/install-test-deps.sh (Debian package postfix)");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"a Postfix instance needs root (its daemons switch to the postfix user); running as {Environment.UserName}");

        var root = Directory.CreateTempSubdirectory("mizugiwa-postfix-").FullName;
        // the postfix and nobody users must be able to traverse it
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var instance = new PostfixInstance(root, ServerProcess.FreePort());
        try
        {
            await instance.SetUpAsync($"check_policy_service inet:127.0.0.1:{policyPort}, permit", ["alice", "bob"], tls: false);
            await instance.StartMasterAsync();
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
    public static async Task<PostfixInstance> StartRemoteMxAsync(string domain, IReadOnlyList<string> users, IReadOnlyDictionary<string, string> recipientAccess)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Postfix peer runs on Debian only");
        if (!File.Exists(Path.Combine(DaemonDirectory, "master")) || !File.Exists("/usr/sbin/postfix"))
            throw new InvalidOperationException("Postfix is not installed (/usr/lib/postfix/sbin/master): run scripts/install-test-deps.sh (Debian package postfix)");
        if (Environment.UserName != "root")
            throw new InvalidOperationException($"a Postfix instance needs root (its daemons switch to the postfix user); running as {Environment.UserName}");
        var root = Directory.CreateTempSubdirectory("mizugiwa-postfix-mx-").FullName;
        File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
        var instance = new PostfixInstance(root, ServerProcess.FreePort(), domain);
        try
        {
            Directory.CreateDirectory(instance.ConfigDirectory);
            var access = Path.Combine(instance.ConfigDirectory, "recipient_access");
            await File.WriteAllTextAsync(access, string.Concat(recipientAccess.Select(a => $"{a.Key} {a.Value}\n")));
            await instance.SetUpAsync($"check_recipient_access texthash:{access}, permit", users, tls: true);
            await instance.StartMasterAsync();
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(string recipientRestrictions, IReadOnlyList<string> users, bool tls)
    {
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
            await Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", $"/CN=mx.{domain}"]);
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
            smtpd_banner = $myhostname ESMTP
            biff = no
            append_dot_mydomain = no
            readme_directory = no
            {tlsSettings}
            """);
        await File.WriteAllTextAsync(Path.Combine(ConfigDirectory, "master.cf"), $"""
            127.0.0.1:{Port} inet n - n - - smtpd
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
        await Run("chown", ["postfix:postfix", data]);
        await Run("chown", ["nobody:nogroup", MailDirectory]);
        // creates the queue directories with their owners (no chroot is used)
        await Run("/usr/sbin/postfix", ["-c", ConfigDirectory, "set-permissions"]);
    }

    private static async Task Run(string program, string[] arguments)
    {
        var result = await ExternalProcess.RunAsync(program, arguments, timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {result}");
    }

    private async Task StartMasterAsync()
    {
        // `postfix -c DIR start` refuses a directory that is not in alternate_config_directories: run master itself.
        // setsid makes the master a session (and process group) leader; --wait keeps setsid alive as long
        // as the master in case it had to fork to get there.
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "--wait", Path.Combine(DaemonDirectory, "master"), "-d", "-c", ConfigDirectory }) start.ArgumentList.Add(argument);
        start.Environment["MAIL_CONFIG"] = ConfigDirectory;
        _master = Process.Start(start) ?? throw new InvalidOperationException("could not start the postfix master");
        _ = _master.StandardOutput.ReadToEndAsync();
        _ = _master.StandardError.ReadToEndAsync();

        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_master.HasExited) throw new InvalidOperationException($"postfix master exited with code {_master.ExitCode}; log:\n{Log}");
            if (await IsListeningAsync() && await MasterPidAsync() is { } pid)
            {
                _masterPid = pid;
                return;
            }
            if (clock.Elapsed > StartTimeout) throw new TimeoutException($"postfix did not listen on 127.0.0.1:{Port} within {StartTimeout}; log:\n{Log}");
            await Task.Delay(100);
        }
    }

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

    private async Task<bool> IsListeningAsync()
    {
        using var client = new TcpClient();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Port, limit.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Ends the master's process group (master, smtpd, qmgr, ...): TERM, a bounded wait, then KILL for
    /// anything left. setsid made the master a session leader, so its PID is the group id.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (_master is { } master)
        {
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
        }
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
