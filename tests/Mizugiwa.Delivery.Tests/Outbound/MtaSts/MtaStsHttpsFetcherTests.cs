using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Tests.Outbound.MtaSts;

/// <summary>
/// The HTTPS fetch of the policy file (RFC 8461 §3.3) from Kestrel on loopback with a certificate from a test CA;
/// mta-sts.remote.test resolves through the outbound resolver to 127.0.0.1.
/// </summary>
public sealed class MtaStsHttpsFetcherTests : IAsyncDisposable
{
    private const string Good = "version: STSv1\r\nmode: enforce\r\nmx: mx.remote.test\r\nmax_age: 86400\r\n";
    private readonly TestCertificateAuthority _ca = new();
    private WebApplication? _app;

    /// <summary>What the server answers to GET /.well-known/mta-sts.txt.</summary>
    private Func<HttpContext, Task> Respond { get; set; } = context =>
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(Good);
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _ca.Dispose();
    }

    [Fact]
    public async Task A_good_policy_is_fetched()
    {
        var fetched = await FetchAsync(_ca.Issue("mta-sts.remote.test"));
        Assert.Null(fetched.Problem);
        Assert.Equal(MtaStsMode.Enforce, fetched.Policy!.Mode);
        Assert.Equal(["mx.remote.test"], fetched.Policy.MxPatterns);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused()
    {
        var fetched = await FetchAsync(_ca.Issue("www.remote.test"));
        Assert.Null(fetched.Policy);
        Assert.NotNull(fetched.Problem);
    }

    [Fact]
    public async Task A_certificate_from_an_untrusted_CA_is_refused()
    {
        using var stranger = new TestCertificateAuthority("Someone Else");
        var fetched = await FetchAsync(stranger.Issue("mta-sts.remote.test"));
        Assert.Null(fetched.Policy);
        Assert.NotNull(fetched.Problem);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        Respond = context =>
        {
            context.Response.Redirect("https://mta-sts.remote.test/elsewhere.txt");
            return Task.CompletedTask;
        };
        var fetched = await FetchAsync(_ca.Issue("mta-sts.remote.test"));
        Assert.Null(fetched.Policy);
        Assert.Contains("redirects are not followed", fetched.Problem);
    }

    [Fact]
    public async Task Another_media_type_is_refused()
    {
        Respond = context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync(Good);
        };
        Assert.Contains("not text/plain", (await FetchAsync(_ca.Issue("mta-sts.remote.test"))).Problem);
    }

    [Fact]
    public async Task More_than_64_KiB_is_refused_even_without_a_length()
    {
        Respond = async context =>
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(Good);
            await context.Response.Body.FlushAsync(); // chunked: no Content-Length
            await context.Response.WriteAsync(new string('#', 70 * 1024));
        };
        Assert.Contains("larger than", (await FetchAsync(_ca.Issue("mta-sts.remote.test"))).Problem);
    }

    [Fact]
    public async Task A_broken_policy_says_why()
    {
        Respond = context =>
        {
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("version: STSv1\nmode: enforce\nmax_age: 86400\n");
        };
        Assert.Contains("no mx", (await FetchAsync(_ca.Issue("mta-sts.remote.test"))).Problem);
    }

    private async Task<MtaStsFetch> FetchAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        _app = builder.Build();
        _app.MapGet("/.well-known/mta-sts.txt", context => Respond(context));
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        int port = new Uri(address).Port;
        var dns = new FakeMxResolver().WithHost("mta-sts.remote.test", "127.0.0.1");
        using var fetcher = new MtaStsHttpsFetcher(dns, new MtaStsCertificateCheck(_ca.Root), port, TimeSpan.FromSeconds(5));
        return await fetcher.FetchAsync("remote.test", CancellationToken.None).WaitAsync(Messages.Timeout);
    }
}
