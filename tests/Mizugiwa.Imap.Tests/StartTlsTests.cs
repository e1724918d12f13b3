using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>The STARTTLS listener: no passwords before TLS, everything after it.</summary>
public sealed class StartTlsTests() : ImapServerTest(implicitTls: false)
{
    [Fact]
    public async Task Login_before_starttls_is_refused_and_works_after_it()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port, tls: false);
        Assert.Equal("* OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] Mizugiwa IMAP ready", client.Greeting);
        Assert.Equal("NO [PRIVACYREQUIRED] LOGIN is disabled before STARTTLS", await client.ResultAsync("LOGIN alice@example.test secret"));
        Assert.Equal("NO [PRIVACYREQUIRED] AUTHENTICATE is disabled before STARTTLS", await client.ResultAsync("AUTHENTICATE PLAIN"));

        Assert.Equal("OK Begin TLS negotiation now", await client.ResultAsync("STARTTLS"));
        await client.HandshakeAsync();
        var capability = await client.CommandAsync("CAPABILITY");
        Assert.Equal("* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN ID LITERAL+", capability[0]);
        await client.LoginAsync();
        Assert.Equal("BAD TLS is already active", await client.ResultAsync("STARTTLS"));
    }

    [Fact]
    public async Task Commands_sent_with_STARTTLS_before_the_handshake_are_thrown_away()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port, tls: false);
        var tag = client.NextTag();
        await client.SendAsync($"{tag} STARTTLS\r\nx1 LOGIN alice@example.test secret\r\n");
        Assert.Equal($"{tag} OK Begin TLS negotiation now", await client.ReadLineAsync());
        await client.HandshakeAsync();
        // The injected LOGIN never ran: still not logged in.
        Assert.Equal("NO [AUTHORIZATIONFAILED] log in first", await client.ResultAsync("SELECT INBOX"));
    }
}
