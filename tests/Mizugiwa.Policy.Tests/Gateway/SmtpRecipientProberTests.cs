using System.Net;
using System.Net.Sockets;
using System.Text;
using Mizugiwa.Policy.Gateway;

namespace Mizugiwa.Policy.Tests.Gateway;

/// <summary>The probe client against a scripted server on loopback; every wait is bounded.</summary>
public sealed class SmtpRecipientProberTests
{
    private static readonly GatewayOptions Options = new() { ProbeTimeout = TimeSpan.FromSeconds(10), HeloName = "gw.example.test" };
    private static readonly GatewayOptions Impatient = new() { ProbeTimeout = TimeSpan.FromSeconds(1), HeloName = "gw.example.test" };

    /// <summary>Serves one connection: greeting, then answers each command by its first word.</summary>
    private static async Task<List<string>> ServeAsync(TcpListener listener, Func<string, string> answer, bool silent = false)
    {
        var commands = new List<string>();
        using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII, false);
        if (silent)
        {
            try { await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)); }
            catch (Exception e) when (e is TimeoutException or IOException) { /* the prober gave up */ }
            return commands;
        }
        await stream.WriteAsync(Encoding.ASCII.GetBytes("220 backend.test ESMTP\r\n"));
        while (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } line)
        {
            commands.Add(line);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer(line) + "\r\n"));
            if (line == "QUIT") break;
        }
        return commands;
    }

    private static string Script(string line, string rcptReply) => line.Split(' ')[0] switch
    {
        "EHLO" or "LHLO" => "250-backend.test\r\n250-PIPELINING\r\n250 8BITMIME",
        "RCPT" => rcptReply,
        "QUIT" => "221 bye",
        _ => "250 2.0.0 Ok",
    };

    [Theory]
    [InlineData("250 2.1.5 Ok", ProbeOutcome.Accepted, false)]
    [InlineData("550 5.1.1 <x@backend.test>: Recipient address rejected: User unknown", ProbeOutcome.Rejected, false)]
    [InlineData("450 4.2.0 busy", ProbeOutcome.Temporary, true)]
    public async Task The_RCPT_reply_decides(string rcptReply, ProbeOutcome expected, bool lmtp)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var server = ServeAsync(listener, line => Script(line, rcptReply));
            var hop = new NextHop(lmtp, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
            var result = await new SmtpRecipientProber(Options).ProbeAsync(hop, "x@backend.test", CancellationToken.None);
            Assert.Equal(expected, result.Outcome);
            Assert.Contains(rcptReply, result.Reply);
            var commands = await server;
            Assert.Equal([lmtp ? "LHLO gw.example.test" : "EHLO gw.example.test", "MAIL FROM:<>", "RCPT TO:<x@backend.test>", "RSET", "QUIT"], commands);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_silent_next_hop_is_temporary_after_the_timeout()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var server = ServeAsync(listener, _ => "", silent: true);
            var hop = new NextHop(false, "127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = await new SmtpRecipientProber(Impatient).ProbeAsync(hop, "x@backend.test", CancellationToken.None);
            Assert.Equal(ProbeOutcome.Temporary, result.Outcome);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
            await server;
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task An_unreachable_next_hop_is_temporary()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var result = await new SmtpRecipientProber(Options).ProbeAsync(new NextHop(false, "127.0.0.1", port), "x@backend.test", CancellationToken.None);
        Assert.Equal(ProbeOutcome.Temporary, result.Outcome);
    }
}
