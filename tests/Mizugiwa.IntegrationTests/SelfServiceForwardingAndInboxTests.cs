using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>Forwarding and "mark as spam" in the self-service API and pages; a user only ever reaches their own mailbox.</summary>
public sealed class SelfServiceForwardingAndInboxTests : IAsyncLifetime
{
    private const string Password = "secret-password";
    private ServerProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__Rgrey__Mode"] = "Off", ["Imap__IdlePollSeconds"] = "600" });
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.WebPort}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string user, object? body = null) =>
        new(method, path)
        {
            Content = body is null ? null : JsonContent.Create(body),
            Headers = { Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{Password}"))) },
        };

    private async Task<(HttpStatusCode Status, string Body)> CallAsync(HttpMethod method, string path, string user, object? body = null)
    {
        using var response = await _http.SendAsync(Request(method, path, user, body));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_API_reads_and_sets_forwarding_and_names_what_is_wrong_with_bad_input()
    {
        var (status, body) = await CallAsync(HttpMethod.Get, "api/me/forwarding", ServerProcess.Bob);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, JsonDocument.Parse(body).RootElement.GetProperty("targets").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(HttpMethod.Put, "api/me/forwarding", ServerProcess.Bob, new { targets = new[] { "bob@elsewhere.test", "alice@example.test" }, keepCopy = false })).Status);
        var json = JsonDocument.Parse((await CallAsync(HttpMethod.Get, "api/me/forwarding", ServerProcess.Bob)).Body).RootElement;
        Assert.Equal(["bob@elsewhere.test", "alice@example.test"], json.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        Assert.False(json.GetProperty("keepCopy").GetBoolean());
        var listed = await _server.RunCliAsync(["account", "list", "example.test", "--details"]);
        Assert.Contains("bob@elsewhere.test", listed.StandardOutput);

        var bad = await CallAsync(HttpMethod.Put, "api/me/forwarding", ServerProcess.Bob, new { targets = new[] { "not an address" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("forward address 'not an address' is not a valid address", bad.Body);
        var self = await CallAsync(HttpMethod.Put, "api/me/forwarding", ServerProcess.Bob, new { targets = new[] { ServerProcess.Bob } });
        Assert.Contains("cannot forward to itself", self.Body);
        var many = await CallAsync(HttpMethod.Put, "api/me/forwarding", ServerProcess.Bob, new { targets = Enumerable.Range(0, 11).Select(i => $"t{i}@elsewhere.test").ToArray() });
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Contains("at most 10 forward addresses", many.Body);
        var none = await CallAsync(HttpMethod.Put, "api/me/forwarding", ServerProcess.Bob, new { keepCopy = true });
        Assert.Equal(HttpStatusCode.BadRequest, none.Status);
        Assert.Contains("give targets", none.Body);

        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(HttpMethod.Put, "api/me/forwarding", ServerProcess.Bob, new { targets = Array.Empty<string>() })).Status);
        Assert.Equal(0, JsonDocument.Parse((await CallAsync(HttpMethod.Get, "api/me/forwarding", ServerProcess.Bob)).Body).RootElement.GetProperty("targets").GetArrayLength());
    }

    [Fact]
    public async Task Marking_an_inbox_message_as_spam_moves_it_to_Junk_and_another_user_cannot_touch_it()
    {
        var token = TestMail.NewToken("markspam");
        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            await client.SendAsync(TestMail.Create(token, ServerProcess.Alice));
            await client.DisconnectAsync(quit: true);
        }
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);

        var inbox = JsonDocument.Parse((await CallAsync(HttpMethod.Get, "api/me/inbox", ServerProcess.Alice)).Body).RootElement;
        var id = inbox.EnumerateArray().Single(m => m.GetProperty("subject").GetString()!.Contains(token, StringComparison.Ordinal)).GetProperty("id").GetString()!;
        Assert.DoesNotContain(token, (await CallAsync(HttpMethod.Get, "api/me/inbox", ServerProcess.Bob)).Body);

        var other = await CallAsync(HttpMethod.Post, $"api/me/inbox/{Uri.EscapeDataString(id)}/spam", ServerProcess.Bob);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Single(_server.Mailbox(ServerProcess.Alice).MessagesContaining(token));
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Post, $"api/me/inbox/{Uri.EscapeDataString("../../bob")}/spam", ServerProcess.Alice)).Status);

        // A mail client in IDLE on Junk hears of it at once, not at its next look (ten minutes away here).
        await using var idle = await IdleOnJunkAsync(ServerProcess.Alice);
        Assert.Equal(HttpStatusCode.NoContent, (await CallAsync(HttpMethod.Post, $"api/me/inbox/{Uri.EscapeDataString(id)}/spam", ServerProcess.Alice)).Status);
        Assert.Equal("* 1 EXISTS", await idle.ReadLineAsync());
        Assert.Empty(_server.Mailbox(ServerProcess.Alice).MessagesContaining(token));
        // The IDLE session took it from new/ to cur/ (it is \Recent for that session).
        var junk = Path.Combine(_server.DataDirectory, "mail", "example.test", "alice", ".Junk");
        Assert.Single(new[] { "new", "cur" }.SelectMany(d => new Maildir(Path.Combine(junk, d)).MessagesContaining(token)));
        Assert.DoesNotContain(token, (await CallAsync(HttpMethod.Get, "api/me/inbox", ServerProcess.Alice)).Body);
    }

    /// <summary>An IMAPS session of the user, in IDLE on a fresh Junk folder once this returns.</summary>
    private async Task<RawImapSession> IdleOnJunkAsync(string user)
    {
        var session = await RawImapSession.ConnectAsync(_server.ImapsPort);
        Assert.StartsWith("a1 OK", await session.CommandAsync($"a1 LOGIN {user} {Password}"));
        Assert.StartsWith("a2 OK", await session.CommandAsync("a2 CREATE Junk"));
        Assert.StartsWith("a3 OK", await session.CommandAsync("a3 SELECT Junk"));
        Assert.Equal("+ idling", await session.CommandAsync("a4 IDLE"));
        return session;
    }

    [Fact]
    public async Task The_users_page_sets_forwarding_shows_a_form_error_and_the_inbox_page_marks_spam()
    {
        using var browser = new FormBrowser(_server.WebPort);
        var signedIn = await browser.PostAsync("login", "login", ("address", ServerProcess.Utf8User), ("password", Password));
        Assert.Contains("Forwarding is off.", signedIn.Html);

        var saved = await browser.PostAsync("", "me/forwarding", ("targets", "me@elsewhere.test\nother@elsewhere.test"));
        Assert.Equal(HttpStatusCode.OK, saved.Status);
        Assert.Contains("Your forwarding was saved.", saved.Html);
        Assert.Contains("forwarded to me@elsewhere.test, other@elsewhere.test; no copy stays here", saved.Html);

        var refused = await browser.PostAsync("", "me/forwarding", ("targets", "broken@"), ("keep-copy", "on"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("id=\"forwarding-error\">forward address &#x27;broken@&#x27; is not a valid address; nothing was changed.", refused.Html);
        Assert.Contains("forwarded to me@elsewhere.test", refused.Html);

        var forged = await browser.PostWithoutTokenAsync("me/forwarding", ("targets", ""));
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("forwarded to me@elsewhere.test", (await browser.GetAsync("")).Html);

        var token = TestMail.NewToken("page");
        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            await client.SendAsync(TestMail.Create(token, ServerProcess.Bob));
            await client.DisconnectAsync(quit: true);
        }
        await _server.Mailbox(ServerProcess.Bob).WaitForMessageAsync(token);
        using var bob = new FormBrowser(_server.WebPort);
        await bob.PostAsync("login", "login", ("address", ServerProcess.Bob), ("password", Password));
        var page = await bob.GetAsync("inbox");
        Assert.Contains(token, page.Html);
        var id = Regex.Match(page.Html, $"{token}</td><td>[^<]*</td><td><form[^>]*>.*?name=\"id\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(id);

        var stranger = await browser.PostAsync("", "inbox/spam", ("id", WebUtility.HtmlDecode(id)));
        Assert.Equal(HttpStatusCode.NotFound, stranger.Status);
        var marked = await bob.PostAsync("inbox", "inbox/spam", ("id", WebUtility.HtmlDecode(id)));
        Assert.Contains("The message was moved to Junk and learned as spam.", marked.Html);
        Assert.DoesNotContain(token, marked.Html);
        Assert.Single(new Maildir(Path.Combine(_server.DataDirectory, "mail", "example.test", "bob", ".Junk", "new")).MessagesContaining(token));
        Assert.Contains("You have marked 1 message as spam and 0 as not spam.", (await bob.GetAsync("")).Html);
    }
}
