using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>A listener behind a load balancer: the PROXY header's address is the client the checks and logs see.</summary>
public sealed class ProxyProtocolTests : IAsyncLifetime
{
    private ServerProcess? _server;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["Mx__ProxyProtocol"] = "true",
        ["Mx__ProxyFrom__0"] = "127.0.0.0/8",
        // The proxied client is not on loopback, so it is not trusted; keep greylisting out of the way.
        ["Checks__Rgrey__Mode"] = "Off",
    }, startupProbe: "PROXY TCP4 192.0.2.200 192.0.2.1 40000 25\r\n");

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task Client_address_comes_from_the_v1_header()
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(_server!.Port, header: "PROXY TCP4 203.0.113.7 192.0.2.1 40000 25\r\n");
        Assert.Equal(220, (await smtp.ReadReplyAsync()).Code);
        Assert.Equal(250, (await smtp.CommandAsync("EHLO client.example")).Code);
        Assert.Equal(250, (await smtp.CommandAsync("MAIL FROM:<a@remote.example>")).Code);
        Assert.Equal(550, (await smtp.CommandAsync("RCPT TO:<nobody@example.test>")).Code);
        await _server.WaitForOutputLineAsync(l => l.Contains("stage=RCPT", StringComparison.Ordinal) && l.Contains("client=203.0.113.7 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Connection_without_a_header_is_closed_without_a_greeting()
    {
        await using var smtp = await RawSmtpConnection.ConnectAsync(_server!.Port);
        await smtp.SendLineAsync("EHLO client.example");
        var replies = await smtp.ReadRepliesUntilClosedAsync(TimeSpan.FromSeconds(15));
        Assert.Empty(replies);
    }
}
