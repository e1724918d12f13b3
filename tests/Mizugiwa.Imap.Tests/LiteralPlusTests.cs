using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>
/// Non-synchronising literals (LITERAL+, RFC 7888): no continuation request; one over its limit is read past and
/// refused with the session in step; one too large to read past ends the session with BYE.
/// </summary>
public sealed class LiteralPlusTests : ImapServerTest
{
    [Fact]
    public async Task Login_and_append_with_non_synchronising_literals_get_no_continuation_request()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        Assert.Contains(" LITERAL+", client.Greeting);
        var tag = client.NextTag();
        await client.SendAsync($"{tag} LOGIN {{18+}}\r\nalice@example.test {{6+}}\r\nsecret\r\n");
        Assert.StartsWith($"{tag} OK [CAPABILITY", await client.ReadLineAsync());

        tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX (\\Seen) {{22+}}\r\nSubject: plus\r\n\r\nHi.\r\n\r\n");
        Assert.StartsWith($"{tag} OK [APPENDUID", await client.ReadLineAsync());
        await client.CommandAsync("SELECT INBOX");
        Assert.Equal("* SEARCH 1", (await client.CommandAsync("SEARCH SUBJECT {4+}\r\nplus"))[0]);
    }

    [Fact]
    public async Task A_non_synchronising_literal_over_the_limit_is_read_past_and_refused_and_the_session_goes_on()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX {{150000+}}\r\n{new string('x', 150_000)}\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] literal of 150000 octets is over the limit of 100000", await client.ReadLineAsync());
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
        Assert.Empty(Directory.GetFiles(Path.Combine(Maildir.Inbox, "new")));

        // The rest of the refused command is read past too: its other literals, of either kind.
        tag = client.NextTag();
        await client.SendAsync($"{tag} SEARCH SUBJECT {{2000+}}\r\n{new string('s', 2000)} BODY {{3+}}\r\nabc TEXT {{5}}\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] literal of 2000 octets is over the limit of 1000", await client.ReadLineAsync());
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task A_non_synchronising_literal_too_large_to_read_past_ends_the_session_with_BYE()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX {{900000000+}}\r\n");
        Assert.Equal($"{tag} BAD [TOOBIG] literal of 900000000 octets is over the limit of 100000 and too large to skip", await client.ReadLineAsync());
        Assert.Equal("* BYE Command rejected", await client.ReadLineAsync());
        await Assert.ThrowsAnyAsync<IOException>(client.ReadLineAsync);
    }

    [Fact]
    public async Task Before_login_every_literal_is_a_small_one_even_APPENDs()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX {{5000}}\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] literal of 5000 octets is over the limit of 1000", await client.ReadLineAsync());

        tag = client.NextTag();
        var value = new string('v', 900);
        await client.SendAsync($"{tag} ID (\"a\" {{900+}}\r\n{value} \"b\" {{900+}}\r\n{value} \"c\" {{900+}}\r\n{value})\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] the command's literals are over the limit of 2000 octets in all", await client.ReadLineAsync());

        tag = client.NextTag();
        await client.SendAsync($"{tag} LOGIN {{1500+}}\r\n{new string('u', 1500)} secret\r\n");
        Assert.Equal($"{tag} NO [TOOBIG] literal of 1500 octets is over the limit of 1000", await client.ReadLineAsync());
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));

        tag = client.NextTag();
        await client.SendAsync($"{tag} APPEND INBOX {{2500+}}\r\n");
        Assert.Equal($"{tag} BAD [TOOBIG] literal of 2500 octets is over the limit of 1000 and too large to skip", await client.ReadLineAsync());
        Assert.Equal("* BYE Command rejected", await client.ReadLineAsync());
    }

    [Fact]
    public async Task Line_breaks_in_a_literal_repeated_in_a_response_stay_on_its_line()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        await client.LoginAsync();
        var answer = await client.CommandAsync("SELECT {18+}\r\nx\r\n* BYE forged\r\nx");
        Assert.Equal([$"{client.LastTag} NO [NONEXISTENT] no mailbox named 'x??* BYE forged??x'"], answer);
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }
}
