using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Delivery.Tests.Outbound.MtaSts;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Policy.Tests.Support;
using static Mizugiwa.IntegrationTests.Infrastructure.SubmissionClients;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// MTA-STS (RFC 8461) with real parts on loopback: dnsmasq serves remote.test's MX, the TXT record
/// _mta-sts.remote.test and mta-sts.remote.test → 127.0.0.1; Kestrel in the test serves the policy file over HTTPS
/// with a certificate from a throwaway test CA, a different policy on each of its ports; a real Postfix is the MX
/// mx.remote.test with a test-CA certificate for that name. Each `mizugiwa serve` trusts the test CA
/// (Outbound:MtaStsTrustedCertificate) and fetches from one port (Outbound:MtaStsPolicyPort).
/// </summary>
public sealed class MtaStsFixture : IAsyncLifetime
{
    public const string RemoteDomain = "remote.test";

    private readonly TestCertificateAuthority _ca = new();
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("mizugiwa-mta-sts-");
    private readonly Dictionary<int, string> _policies = [];
    private WebApplication? _web;

    public DnsmasqServer Dns { get; private set; } = null!;
    /// <summary>remote.test's MX is mx2.remote.test, which the Postfix certificate (mx.remote.test) does not name.</summary>
    public DnsmasqServer OtherNameDns { get; private set; } = null!;
    public PostfixInstance Postfix { get; private set; } = null!;
    /// <summary>enforce, mx: mx.remote.test.</summary>
    public ServerProcess Enforcing { get; private set; } = null!;
    /// <summary>enforce, mx: mx.elsewhere.test (not remote.test's MX).</summary>
    public ServerProcess WrongMx { get; private set; } = null!;
    /// <summary>enforce, mx: *.remote.test, but the MX is mx2.remote.test whose certificate says mx.remote.test.</summary>
    public ServerProcess WrongCertificate { get; private set; } = null!;
    /// <summary>testing, mx: mx.elsewhere.test.</summary>
    public ServerProcess Testing { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var records = () => new DnsmasqRecords()
            .TxtRecord("_mta-sts." + RemoteDomain, "v=STSv1; id=20261205T1")
            .AddressRecord("mta-sts." + RemoteDomain, "127.0.0.1");
        Dns = await DnsmasqServer.StartAsync(records().MxRecord(RemoteDomain, "mx.remote.test", 10).AddressRecord("mx.remote.test", "127.0.0.1"));
        OtherNameDns = await DnsmasqServer.StartAsync(records().MxRecord(RemoteDomain, "mx2.remote.test", 10).AddressRecord("mx2.remote.test", "127.0.0.1"));
        Postfix = await PostfixInstance.StartRemoteMxAsync(RemoteDomain, ["user"], new Dictionary<string, string>(), tlsIdentity: _ca.IssuePem("mx.remote.test"));
        await StartPolicyServerAsync();
        var trusted = _ca.WritePem(Path.Combine(_files.FullName, "test-ca.pem"));
        Enforcing = await StartSenderAsync(Dns, Policy("enforce", "mx.remote.test"), trusted);
        WrongMx = await StartSenderAsync(Dns, Policy("enforce", "mx.elsewhere.test"), trusted);
        WrongCertificate = await StartSenderAsync(OtherNameDns, Policy("enforce", "*.remote.test"), trusted);
        Testing = await StartSenderAsync(Dns, Policy("testing", "mx.elsewhere.test"), trusted);
    }

    private static string Policy(string mode, string mx) => $"version: STSv1\r\nmode: {mode}\r\nmx: {mx}\r\nmax_age: 86400\r\n";

    /// <summary>Kestrel over HTTPS (mta-sts.remote.test, from the test CA); the policy served depends on the port asked.</summary>
    private async Task StartPolicyServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = _ca.Issue("mta-sts." + RemoteDomain);
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (int i = 0; i < 4; i++) k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate));
        });
        _web = builder.Build();
        _web.MapGet("/.well-known/mta-sts.txt", context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(_policies[context.Connection.LocalPort]);
        });
        await _web.StartAsync();
        var addresses = _web.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _freePolicyPorts = new Queue<int>(addresses.Select(a => new Uri(a).Port));
    }

    private Queue<int> _freePolicyPorts = new();

    private async Task<ServerProcess> StartSenderAsync(DnsmasqServer dns, string policy, string trusted)
    {
        int port = _freePolicyPorts.Dequeue();
        _policies[port] = policy;
        return await ServerProcess.StartAsync(new Dictionary<string, string>(RemoteMxSettings.For(dns, Postfix))
        {
            ["Outbound__MtaStsPolicyPort"] = port.ToString(CultureInfo.InvariantCulture),
            ["Outbound__MtaStsTrustedCertificate"] = trusted,
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { Testing, WrongCertificate, WrongMx, Enforcing })
        {
            if (server is not null) await server.DisposeAsync();
        }
        if (_web is not null) await _web.DisposeAsync();
        if (Postfix is not null) await Postfix.DisposeAsync();
        if (OtherNameDns is not null) await OtherNameDns.DisposeAsync();
        if (Dns is not null) await Dns.DisposeAsync();
        _ca.Dispose();
        _files.Delete(recursive: true);
    }
}

public sealed partial class MtaStsTests(MtaStsFixture fixture) : IClassFixture<MtaStsFixture>
{
    private const string User = "user@remote.test";

    [Fact]
    public async Task Enforce_delivers_over_verified_TLS_to_the_MX_the_policy_names_and_keeps_the_policy()
    {
        var server = fixture.Enforcing;
        var token = TestMail.NewToken("mta-sts-enforce");
        await SubmitAsync(server, token);
        var arrived = await WithLogsAsync(server, fixture.Postfix.Mailbox("user").WaitForMessageAsync(token));
        Assert.Contains("(using TLSv1.", File.ReadAllText(arrived.Path));
        Assert.Contains("MTA-STS policy of remote.test id=20261205T1 mode=Enforce", server.Output);
        Assert.Contains("\"domain\": \"remote.test\"", File.ReadAllText(Path.Combine(server.DataDirectory, "mta-sts-policies.json")));
        await server.WaitForEmptyQueueAsync();
    }

    [Fact]
    public async Task Enforce_with_the_MX_not_in_the_policy_defers_4_7_5_and_delivers_nothing()
    {
        var server = fixture.WrongMx;
        var token = TestMail.NewToken("mta-sts-wrong-mx");
        var id = await SubmitAsync(server, token);
        var deferred = await server.WaitForOutputLineAsync(l => l.Contains($"queue={id} to=<{User}>", StringComparison.Ordinal)
            && l.Contains("status=deferred", StringComparison.Ordinal));
        Assert.True(deferred.Contains("dsn=4.7.5", StringComparison.Ordinal) && deferred.Contains("MTA-STS", StringComparison.Ordinal), deferred);
        Assert.Contains(server.Output.Split('\n'), l => l.Contains($"queue={id} MTA-STS policy enforce of remote.test: MX mx.remote.test not in mx mx.elsewhere.test", StringComparison.Ordinal));
        Assert.Empty(fixture.Postfix.Mailbox("user").MessagesContaining(token));
        Assert.Empty(server.Mailbox(ServerProcess.Alice).MessagesContaining(token)); // deferred, not bounced
    }

    [Fact]
    public async Task Enforce_with_a_certificate_for_another_name_defers_4_7_5_and_delivers_nothing()
    {
        var server = fixture.WrongCertificate;
        var token = TestMail.NewToken("mta-sts-wrong-cert");
        var id = await SubmitAsync(server, token);
        var deferred = await server.WaitForOutputLineAsync(l => l.Contains($"queue={id} to=<{User}>", StringComparison.Ordinal)
            && l.Contains("status=deferred", StringComparison.Ordinal));
        Assert.True(deferred.Contains("dsn=4.7.5", StringComparison.Ordinal) && deferred.Contains("name does not match", StringComparison.Ordinal), deferred);
        Assert.Contains(server.Output.Split('\n'), l => l.Contains($"queue={id} outbound host=mx2.remote.test", StringComparison.Ordinal)
            && l.Contains("MTA-STS policy enforce", StringComparison.Ordinal));
        Assert.Empty(fixture.Postfix.Mailbox("user").MessagesContaining(token));
    }

    [Fact]
    public async Task Testing_delivers_and_logs_what_enforce_would_have_refused()
    {
        var server = fixture.Testing;
        var token = TestMail.NewToken("mta-sts-testing");
        var id = await SubmitAsync(server, token);
        await WithLogsAsync(server, fixture.Postfix.Mailbox("user").WaitForMessageAsync(token));
        Assert.Contains(server.Output.Split('\n'), l => l.Contains($"queue={id} MTA-STS policy testing of remote.test: MX mx.remote.test does not match", StringComparison.Ordinal));
    }

    private static async Task<string> SubmitAsync(ServerProcess server, string token)
    {
        var sent = await SwaksAsync(server.SubmissionPort, ServerProcess.Alice, User, token,
            "--tls", "--auth", "PLAIN", "--auth-user", ServerProcess.Alice, "--auth-password", Password);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        return QueueId().Match(sent.StandardOutput).Groups[1].Value;
    }

    /// <summary>The queue id in the server's reply to the end of DATA ("250 2.0.0 Ok: queued as ID").</summary>
    [GeneratedRegex(@"<~  250 [\d.]+ [^\n]*queued as (\S+)")]
    private static partial Regex QueueId();

    private async Task<T> WithLogsAsync<T>(ServerProcess server, Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- postfix ---\n{fixture.Postfix.Log}\n--- mizugiwa ---\n{server.Output}", e);
        }
    }
}
