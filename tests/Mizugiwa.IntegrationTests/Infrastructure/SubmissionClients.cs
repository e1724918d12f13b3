using System.Globalization;

namespace Mizugiwa.IntegrationTests.Infrastructure;

/// <summary>Real submission clients from Debian (swaks, msmtp) pointed at a server's submission ports.</summary>
public static class SubmissionClients
{
    /// <summary>The password every provisioned account gets (<see cref="ServerProcess"/>).</summary>
    public const string Password = "secret-password";

    /// <summary>swaks with the given options (e.g. --auth PLAIN --tls), bounded by 60 s.</summary>
    public static Task<ProcessResult> SwaksAsync(int port, string from, string to, string token, params string[] options) =>
        ExternalProcess.RunAsync("swaks",
        [
            "--server", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--helo", "client.remote.test",
            "--from", from,
            "--to", to,
            "--header", $"Subject: submission {token}",
            "--timeout", "30",
            .. options,
        ]);

    /// <summary>
    /// msmtp with a config file in a temporary folder (mode 0600, as msmtp requires for a password):
    /// TLS without certificate checks (the server's certificate is self-signed), STARTTLS or implicit TLS.
    /// </summary>
    public static async Task<ProcessResult> MsmtpAsync(int port, bool startTls, string auth, string user, string password, string from, string to, string token)
    {
        var folder = Directory.CreateTempSubdirectory("mizugiwa-msmtp-").FullName;
        try
        {
            var config = Path.Combine(folder, "msmtprc");
            await File.WriteAllTextAsync(config, $"""
                defaults
                tls on
                tls_certcheck off
                tls_starttls {(startTls ? "on" : "off")}
                logfile {Path.Combine(folder, "msmtp.log")}
                timeout 30

                account submission
                host 127.0.0.1
                port {port.ToString(CultureInfo.InvariantCulture)}
                domain client.remote.test
                from {from}
                auth {auth}
                user {user}
                password {password}

                account default : submission
                """);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var message = $"From: {from}\r\nTo: {to}\r\nSubject: msmtp {token}\r\nMessage-Id: <{TestMail.MessageIdFor(token)}>\r\n\r\nHello from {token}.\r\n";
            var result = await ExternalProcess.RunAsync("msmtp", ["-C", config, "-v", to], standardInput: message);
            var log = Path.Combine(folder, "msmtp.log");
            return File.Exists(log) ? result with { StandardError = result.StandardError + "\n--- msmtp.log ---\n" + await File.ReadAllTextAsync(log) } : result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
