using System.Diagnostics;
using System.Text;

namespace Mizugiwa.Imap.Tests.Support;

/// <summary>
/// Debian's Dovecot IMAP server (dovecot-core) run once over a Maildir in PREAUTH mode: <c>/usr/lib/dovecot/imap</c>
/// with a self-contained configuration (nothing from /etc/dovecot), the commands on its standard input, its transcript
/// from its standard output. Dovecot refuses mail access as root, so under root it runs as nobody (65534) and the
/// Maildir is opened up for it first. Throws (so the test fails, not skips) when Dovecot is missing; every wait is bounded.
/// </summary>
internal static class DovecotImap
{
    public const string Executable = "/usr/lib/dovecot/imap";
    private const int Nobody = 65534;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<string> RunAsync(string mailRoot, string maildir, params string[] commands)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("the Dovecot check runs on Debian only");
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"Dovecot is not installed ({Executable}): run scripts/install-test-deps.sh (Debian package dovecot-core)");
        var work = Directory.CreateTempSubdirectory("mizugiwa-dovecot-imap-").FullName;
        try
        {
            bool root = Environment.UserName == "root";
            if (root) OpenUp(mailRoot);
            File.SetUnixFileMode(work, (UnixFileMode)0b111_111_111);
            var config = Path.Combine(work, "dovecot.conf");
            await File.WriteAllTextAsync(config, $"""
                base_dir = {work}/run
                ssl = no
                log_path = /dev/stderr
                default_internal_user = nobody
                default_internal_group = nogroup
                default_login_user = nobody
                mail_location = maildir:{maildir}:INDEX=MEMORY

                """);
            var start = new ProcessStartInfo(root ? "setpriv" : "env")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            if (root) foreach (var argument in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", "env" }) start.ArgumentList.Add(argument);
            foreach (var argument in new[] { "-i", "USER=alice", $"HOME={work}", "PATH=/usr/bin:/bin", Executable, "-c", config }) start.ArgumentList.Add(argument);
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} could not be started");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(string.Concat(commands.Select(c => c + "\r\n")));
            process.StandardInput.Close();
            using var limit = new CancellationTokenSource(Limit);
            try { await process.WaitForExitAsync(limit.Token); }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Dovecot's imap did not finish within {Limit}: {await errors}");
            }
            var transcript = await output;
            if (process.ExitCode != 0) throw new InvalidOperationException($"Dovecot's imap exited with {process.ExitCode}: {transcript}{await errors}");
            return transcript;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Lets nobody into a test's mail root: every folder and file there readable and writable by all.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void OpenUp(string mailRoot)
    {
        File.SetUnixFileMode(mailRoot, (UnixFileMode)0b111_111_111);
        foreach (var entry in new DirectoryInfo(mailRoot).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
            File.SetUnixFileMode(entry.FullName, entry is DirectoryInfo ? (UnixFileMode)0b111_111_111 : (UnixFileMode)0b110_110_110);
    }
}
