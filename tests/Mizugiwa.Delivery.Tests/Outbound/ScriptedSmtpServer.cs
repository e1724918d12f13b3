using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>
/// A scripted SMTP server on loopback for transport tests. It serves connections one after the other and keeps every
/// command line; EHLO gets <see cref="Extensions"/> (without STARTTLS once under TLS), STARTTLS a real handshake with
/// <see cref="Certificate"/> or, without one, 454; DATA is read to its dot; everything else gets 250.
/// </summary>
internal sealed class ScriptedSmtpServer(string name) : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _serving;

    public ConcurrentQueue<string> Commands { get; } = new();
    public IReadOnlyList<string> Extensions { get; set; } = ["PIPELINING"];
    public X509Certificate2? Certificate { get; set; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Start()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        if (_serving is not null) await _serving.WaitAsync(Messages.Timeout);
        _stop.Dispose();
    }

    private async Task ServeAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Stream stream = client.GetStream();
                try
                {
                    var reader = new StreamReader(stream, Encoding.ASCII, false);
                    async Task Say(string text) => await stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n"), _stop.Token);
                    await Say($"220 {name} ESMTP");
                    while (await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(Messages.Timeout) is { } line)
                    {
                        Commands.Enqueue(line);
                        var verb = line.Split(' ', ':')[0].ToUpperInvariant();
                        if (verb == "QUIT") { await Say("221 bye"); break; }
                        if (verb == "EHLO") await Say(EhloReply(underTls: stream is SslStream));
                        else if (verb == "STARTTLS" && Certificate is null) await Say("454 4.7.0 TLS not available");
                        else if (verb == "STARTTLS")
                        {
                            await Say("220 2.0.0 go ahead");
                            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = Certificate }, _stop.Token);
                            stream = tls;
                            reader = new StreamReader(stream, Encoding.ASCII, false);
                        }
                        else if (verb == "DATA")
                        {
                            await Say("354 go ahead");
                            while (await reader.ReadLineAsync(_stop.Token).AsTask().WaitAsync(Messages.Timeout) is { } body && body != ".") { }
                            await Say("250 2.0.0 queued");
                        }
                        else await Say("250 2.0.0 ok");
                    }
                }
                catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
                {
                    // the client refused our certificate, or went away: serve the next connection
                }
                finally
                {
                    await stream.DisposeAsync();
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException or ObjectDisposedException or SocketException)
        {
            // the test is over
        }
    }

    private string EhloReply(bool underTls)
    {
        var lines = Extensions.Where(e => !underTls || e != "STARTTLS").Prepend(name).ToList();
        return string.Join("\r\n", lines.Select((line, i) => (i < lines.Count - 1 ? "250-" : "250 ") + line));
    }
}
