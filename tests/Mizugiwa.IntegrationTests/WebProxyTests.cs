using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The web port behind a TLS reverse proxy (Web:TrustedProxies): the forwarded client address is the one the
/// brute-force guard counts, the forwarded scheme makes cookies Secure, and nobody else can forward.
/// The test client stands for the proxy: it connects from 127.0.0.1 and sends the X-Forwarded-* headers.
/// </summary>
public sealed class WebProxyTests
{
    private const string Attacker = "198.51.100.7";
    private const string Browser = "198.51.100.8";

    private static Task<ServerProcess> StartAsync(bool trustLoopback)
    {
        var settings = new Dictionary<string, string>
        {
            ["Submission__AuthLockoutAfterFailures"] = "2",
            ["Submission__AuthFailureDelayStepMilliseconds"] = "0",
        };
        if (trustLoopback) settings["Web__TrustedProxies__0"] = "127.0.0.1/32";
        return ServerProcess.StartAsync(settings);
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient http, string forwardedFor, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServerProcess.Alice}:{password}")));
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<string> LoginPageCookiesAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "login");
        request.Headers.Add("X-Forwarded-Proto", "https");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("\n", response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_a_lockout_holds_the_forwarded_address_only_and_cookies_are_secure()
    {
        await using var server = await StartAsync(trustLoopback: true);
        using var http = server.WebClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, Attacker, "wrong-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, Attacker, "wrong-2"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, Attacker, SubmissionClients.Password));
        Assert.Equal(HttpStatusCode.OK, await MeAsync(http, Browser, SubmissionClients.Password));
        Assert.Contains("; secure", await LoginPageCookiesAsync(http), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_trusted_proxies_forwarded_headers_are_ignored()
    {
        await using var server = await StartAsync(trustLoopback: false);
        using var http = server.WebClient();
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, Attacker, "wrong-1"));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, Attacker, "wrong-2"));
        // Both "addresses" are 127.0.0.1 here: the lockout holds for the other one too.
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(http, Browser, SubmissionClients.Password));
        Assert.DoesNotContain("; secure", await LoginPageCookiesAsync(http), StringComparison.OrdinalIgnoreCase);
    }
}
