using System.Text;
using Mizugiwa.Imap.Tests.Support;

namespace Mizugiwa.Imap.Tests;

/// <summary>ID (RFC 2971) in any state, within its limits; ENABLE (RFC 5161) before a mailbox is selected.</summary>
public sealed class IdAndEnableTests : ImapServerTest
{
    [Fact]
    public async Task ID_before_and_after_login_names_the_server_without_a_version()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        Assert.Contains(" ID ", client.Greeting);
        var answer = await client.CommandAsync("ID (\"name\" \"Thunderbird\" \"version\" \"128.0\" \"os\" NIL)");
        Assert.Equal(["* ID (\"name\" \"Mizugiwa\")", $"{client.LastTag} OK ID completed"], answer);
        await client.LoginAsync();
        answer = await client.CommandAsync("ID NIL");
        Assert.Equal(["* ID (\"name\" \"Mizugiwa\")", $"{client.LastTag} OK ID completed"], answer);
        Assert.Equal("OK ID completed", await client.ResultAsync("ID ()"));
    }

    [Theory]
    [InlineData("ID", "BAD ID takes NIL or a parenthesised list of field-value pairs")]
    [InlineData("ID NOTNIL", "BAD ID takes NIL or a parenthesised list of field-value pairs")]
    [InlineData("ID x", "BAD expected NIL or a parenthesised list of field-value pairs after ID")]
    [InlineData("ID (\"name\" \"x\" \"version\")", "BAD ID takes field-value pairs, not an odd number of strings")]
    [InlineData("ID (\"name\" x)", "BAD an ID value must be a string or NIL")]
    [InlineData("ID (\"a-field-name-of-31-octets-long!\" \"x\")", "BAD ID field names are at most 30 octets")]
    public async Task A_malformed_ID_gets_BAD_naming_the_problem_and_the_session_goes_on(string command, string response)
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        Assert.Equal(response, await client.ResultAsync(command));
        Assert.Equal("OK NOOP completed", await client.ResultAsync("NOOP"));
    }

    [Fact]
    public async Task More_than_30_pairs_are_refused()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        var pairs = string.Join(' ', Enumerable.Range(1, 31).Select(i => $"\"f{i}\" \"v\""));
        Assert.Equal("BAD ID takes at most 30 field-value pairs", await client.ResultAsync($"ID ({pairs})"));
        pairs = string.Join(' ', Enumerable.Range(1, 30).Select(i => $"\"f{i}\" \"v\""));
        Assert.Equal("OK ID completed", await client.ResultAsync($"ID ({pairs})"));
    }

    [Fact]
    public void Values_are_at_most_1024_octets_and_are_logged_tamed()
    {
        var identity = ClientIdentity.Parse(Parser($"(\"name\" {{1024}}\r\n{new string('n', 1024)})"));
        Assert.Equal(1024, identity["name"]!.Length);
        var error = Assert.Throws<ImapSyntaxException>(() => ClientIdentity.Parse(Parser($"(\"name\" {{1025}}\r\n{new string('n', 1025)})")));
        Assert.Equal("ID values are at most 1024 octets", error.Message);

        Assert.Equal("Evil? ??? log=?", ClientIdentity.ForLog("Evil\n \"\\\u001b log=\u0007"));
        Assert.Equal(new string('n', 64) + "…", ClientIdentity.ForLog(new string('n', 1024)));
        Assert.Equal("", ClientIdentity.ForLog(null));
    }

    [Fact]
    public async Task The_clients_name_and_version_are_logged_tamed_once_a_session()
    {
        var log = new Mizugiwa.Testing.ListLogger<IdAndEnableTests>();
        await using var server = new ImapTestServer(Maildir, logger: log);
        await using var client = await ImapTestClient.ConnectAsync(server.Port);
        Assert.Equal("OK ID completed", await client.ResultAsync("ID (\"NAME\" {13+}\r\nThunder\r\nbird \"version\" \"1.0\")"));
        Assert.Equal("OK ID completed", await client.ResultAsync("ID (\"name\" \"again\")"));
        var line = Assert.Single(log.Lines, e => e.Message.Contains("stage=ID", StringComparison.Ordinal));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, line.Level);
        Assert.EndsWith("stage=ID client=127.0.0.1 user= name=\"Thunder??bird\" version=\"1.0\"", line.Message);
    }

    [Fact]
    public async Task ENABLE_is_answered_with_an_empty_ENABLED_before_a_mailbox_is_selected()
    {
        await using var client = await ImapTestClient.ConnectAsync(Server.Port);
        Assert.Equal("NO [AUTHORIZATIONFAILED] log in first", await client.ResultAsync("ENABLE CONDSTORE"));
        var login = await client.LoginAsync();
        Assert.Contains(" ENABLE ", login[^1]);
        var answer = await client.CommandAsync("ENABLE CONDSTORE UTF8=ACCEPT X-UNKNOWN");
        Assert.Equal(["* ENABLED", $"{client.LastTag} OK ENABLE completed"], answer);
        Assert.Equal("BAD ENABLE needs at least one capability name", await client.ResultAsync("ENABLE"));
        Assert.Equal("BAD expected a capability name", await client.ResultAsync("ENABLE (CONDSTORE)"));

        await client.CommandAsync("SELECT INBOX");
        Assert.Equal("BAD ENABLE is only allowed before a mailbox is selected (CLOSE or UNSELECT first)", await client.ResultAsync("ENABLE CONDSTORE"));
        await client.CommandAsync("UNSELECT");
        Assert.Equal("OK ENABLE completed", await client.ResultAsync("ENABLE CONDSTORE"));
    }

    private static ImapParser Parser(string text) => new(Encoding.UTF8.GetBytes(text));
}
