using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>The policy file, or why there is none.</summary>
public sealed record MtaStsFetch(MtaStsPolicy? Policy, string? Problem);

/// <summary>Gets a domain's policy file.</summary>
public interface IMtaStsPolicyFetcher
{
    Task<MtaStsFetch> FetchAsync(string domain, CancellationToken cancellationToken);
}

/// <summary>
/// Fetches https://mta-sts.DOMAIN/.well-known/mta-sts.txt (RFC 8461 §3.3): a certificate valid for mta-sts.DOMAIN
/// (<see cref="MtaStsCertificateCheck"/>), no redirects, a bounded time, at most 64 KiB, status 200 and media type
/// text/plain. The host name is resolved through the outbound resolver (Checks:Dns), not the system's.
/// <paramref name="port"/> is 443 except in tests and labs (Outbound:MtaStsPolicyPort).
/// </summary>
public sealed class MtaStsHttpsFetcher : IMtaStsPolicyFetcher, IDisposable
{
    public const int MaxPolicyBytes = 64 * 1024;

    private readonly HttpClient _client;
    private readonly int _port;

    public MtaStsHttpsFetcher(IMxResolver resolver, MtaStsCertificateCheck check, int port = 443, TimeSpan? timeout = null)
    {
        _port = port;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = timeout ?? TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, ct) => ConnectAsync(resolver, context.DnsEndPoint, ct),
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => check.Problem(certificate, chain, errors) is null;
        _client = new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
    }

    public void Dispose() => _client.Dispose();

    public async Task<MtaStsFetch> FetchAsync(string domain, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(Uri.UriSchemeHttps, "mta-sts." + domain, _port, "/.well-known/mta-sts.txt").Uri;
        try
        {
            using var response = await _client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                return new(null, $"{uri} answered {(int)response.StatusCode}{((int)response.StatusCode is >= 300 and < 400 ? " (redirects are not followed)" : "")}");
            if (response.Content.Headers.ContentType is not { MediaType: { } media } || !media.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
                return new(null, $"{uri} is not text/plain");
            if (response.Content.Headers.ContentLength > MaxPolicyBytes) return new(null, $"{uri} is larger than {MaxPolicyBytes} bytes");
            var body = await ReadBoundedAsync(response.Content, cancellationToken);
            if (body is null) return new(null, $"{uri} is larger than {MaxPolicyBytes} bytes");
            var policy = MtaStsPolicyParser.Parse(body, out var problem);
            return new(policy, policy is null ? $"{uri}: {problem}" : null);
        }
        catch (HttpRequestException e)
        {
            return new(null, $"{uri}: {OneLine(e)}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(null, $"{uri}: timed out");
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException)
        {
            return new(null, $"{uri}: {e.Message}");
        }
    }

    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxPolicyBytes + 1];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0) total += read;
        if (total > MaxPolicyBytes) return null;
        return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, total);
    }

    private static async ValueTask<Stream> ConnectAsync(IMxResolver resolver, DnsEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = await resolver.LookupAddressesAsync(endPoint.Host, cancellationToken);
        if (addresses.Records.Count == 0)
            throw new HttpRequestException($"{endPoint.Host} has no address{(addresses.Error is { } error ? $" ({error})" : "")}");
        SocketException? last = null;
        foreach (var address in addresses.Records)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new HttpRequestException($"connect to {endPoint.Host}:{endPoint.Port}: {last?.Message}");
    }

    private static string OneLine(Exception e)
    {
        var messages = new List<string>();
        for (var x = e; x is not null; x = x.InnerException) messages.Add(x.Message.TrimEnd('.'));
        return string.Join(": ", messages.Distinct());
    }
}
