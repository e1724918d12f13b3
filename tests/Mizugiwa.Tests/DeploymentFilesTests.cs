using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Mizugiwa.Configuration;
using Mizugiwa.Tests.Shared;

namespace Mizugiwa.Tests;

/// <summary>What docs/INSTALL.md ships: the production configuration example and the systemd unit.</summary>
public sealed partial class DeploymentFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mizugiwa-deploy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Deploy(params string[] parts) => Path.Combine([SharedFolder.RepositoryRoot(), "deploy", .. parts]);

    /// <summary>The example as a server loads it; its certificate paths (which must exist) point at files of this test.</summary>
    private MizugiwaOptions ProductionExample()
    {
        var certificate = Path.Combine(_dir, "fullchain.pem");
        var key = Path.Combine(_dir, "privkey.pem");
        File.WriteAllText(certificate, "");
        File.WriteAllText(key, "");
        return ConfigurationLoader.Load(Deploy("mizugiwa.json"), new Hashtable
        {
            ["PATH"] = "/usr/bin",
            ["MIZUGIWA__Tls__CertificatePath"] = certificate,
            ["MIZUGIWA__Tls__KeyPath"] = key,
        });
    }

    [Fact]
    public void The_production_example_loads_and_listens_on_the_standard_ports_on_every_address()
    {
        var options = ProductionExample();
        Assert.Equal("/var/lib/mizugiwa", options.DataDirectory);
        Assert.Equal(("0.0.0.0", 25), (options.Mx.Address, options.Mx.Port));
        Assert.Equal((587, 465), (options.Submission.Port, options.Submission.ImplicitTlsPort));
        Assert.Equal((143, 993), (options.Imap.Port, options.Imap.ImplicitTlsPort));
        Assert.Equal((110, 995), (options.Pop3.Port, options.Pop3.ImplicitTlsPort));
        Assert.Contains("\"CertificatePath\": \"/etc/mizugiwa/tls/fullchain.pem\"", File.ReadAllText(Deploy("mizugiwa.json")), StringComparison.Ordinal);
        // The web UI speaks plain HTTP: it stays on loopback behind a TLS reverse proxy.
        Assert.Equal("127.0.0.1", options.Web.Address);
    }

    [Fact]
    public async Task The_systemd_unit_passes_systemd_analyze_without_a_warning()
    {
        // verify wants ExecStart's program to exist; the rest of the unit is checked as shipped.
        var unit = Path.Combine(_dir, "mizugiwa.service");
        File.WriteAllText(unit, File.ReadAllText(Deploy("systemd", "mizugiwa.service")).Replace("ExecStart=/opt/mizugiwa/mizugiwa ", "ExecStart=/usr/bin/true ", StringComparison.Ordinal));
        var start = new ProcessStartInfo("systemd-analyze", ["verify", "--man=no", unit]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("systemd-analyze could not be started (Debian package systemd)");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(process.ExitCode == 0 && (await output + await errors).Trim().Length == 0, $"exit {process.ExitCode}: {await output}{await errors}");
    }

    [Fact]
    public void The_unit_runs_serve_with_the_example_configuration_and_waits_out_its_grace_period()
    {
        var unit = File.ReadAllText(Deploy("systemd", "mizugiwa.service"));
        Assert.Contains("ExecStart=/opt/mizugiwa/mizugiwa --config /etc/mizugiwa/mizugiwa.json serve\n", unit, StringComparison.Ordinal);
        Assert.Contains("StateDirectory=mizugiwa\n", unit, StringComparison.Ordinal);
        var stopSeconds = int.Parse(TimeoutStopSec().Match(unit).Groups[1].Value, CultureInfo.InvariantCulture);
        // The host waits ShutdownGraceSeconds for sessions and 10 s more for itself (ServeCommand).
        Assert.True(stopSeconds > ProductionExample().ShutdownGraceSeconds + 10, $"TimeoutStopSec={stopSeconds} would kill a graceful stop");
    }

    [GeneratedRegex(@"^TimeoutStopSec=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex TimeoutStopSec();
}
