using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;

namespace Mizugiwa.Web;

/// <summary>
/// Behind a TLS reverse proxy every request comes from the proxy over plain HTTP. From the proxies named in
/// <c>Web:TrustedProxies</c> the last X-Forwarded-For hop becomes the client address (the brute-force guard
/// counts per address) and X-Forwarded-Proto the scheme (cookies are Secure on https). From anyone else the
/// headers are ignored, so a browser cannot pretend to be another address.
/// </summary>
internal static class ProxyHeaders
{
    public static void Use(WebApplication app, IReadOnlyList<string> trustedProxies)
    {
        if (trustedProxies.Count == 0) return;
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto,
            ForwardLimit = 1,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in trustedProxies) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
        app.UseForwardedHeaders(options);
    }
}
