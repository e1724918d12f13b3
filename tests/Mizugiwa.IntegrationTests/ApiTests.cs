using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mizugiwa.IntegrationTests.Infrastructure;
using Mizugiwa.Testing;

namespace Mizugiwa.IntegrationTests;

/// <summary>The JSON API on the web port with the embedded backend (SQLite directory, settings and log).</summary>
public sealed class ApiTests : ApiTestsBase;

/// <summary>The same API tests with the directory, settings and transaction log in a real PostgreSQL.</summary>
public sealed class ApiOnPostgresTests : ApiTestsBase
{
    private PostgresServer? _postgres;

    protected override async Task<Dictionary<string, string>> BackendSettingsAsync()
    {
        _postgres = await PostgresServer.StartAsync();
        var directory = await _postgres.CreateDatabaseAsync("directory");
        var log = await _postgres.CreateDatabaseAsync("log");
        return new()
        {
            ["Directory__Backend"] = "Postgres", ["Directory__ConnectionString"] = directory,
            ["Log__Backend"] = "Postgres", ["Log__ConnectionString"] = log,
        };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}

/// <summary>The JSON API on the web port: admin tokens, self-service with mailbox credentials, who may do what.</summary>
public abstract class ApiTestsBase : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private HttpClient _http = null!;
    private string _token = "";

    protected virtual Task<Dictionary<string, string>> BackendSettingsAsync() => Task.FromResult(new Dictionary<string, string>());

    public async Task InitializeAsync()
    {
        var settings = await BackendSettingsAsync();
        settings["Checks__TrustedNetworks__0"] = "192.0.2.1/32";
        settings["Checks__Rgrey__Mode"] = "Off";
        _server = await ServerProcess.StartAsync(settings);
        _token = await _server.AddApiTokenAsync();
        _http = _server.WebClient();
    }

    public virtual async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body = null, AuthenticationHeaderValue? auth = null) =>
        new(method, path) { Content = body is null ? null : JsonContent.Create(body), Headers = { Authorization = auth } };

    private AuthenticationHeaderValue Admin => new("Bearer", _token);

    private static AuthenticationHeaderValue User(string address, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{address}:{password}")));

    [Fact]
    public async Task An_admin_creates_an_account_and_the_user_switches_to_quarantine_which_the_next_spam_respects()
    {
        using (var created = await _http.SendAsync(Request(HttpMethod.Post, "api/accounts", new { address = "dave@example.test", password = "dave-password-1" }, Admin)))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var again = await _http.SendAsync(Request(HttpMethod.Post, "api/accounts", new { address = "dave@example.test", password = "x" }, Admin)))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Contains("already exists", await again.Content.ReadAsStringAsync());
        }

        using (var blank = await _http.SendAsync(Request(HttpMethod.Post, "api/accounts", new { address = "blank@example.test", password = "   " }, Admin)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
            Assert.Contains("the password is empty (or only spaces)", await blank.Content.ReadAsStringAsync());
        }

        var dave = User("dave@example.test", "dave-password-1");
        using (var spaces = await _http.SendAsync(Request(HttpMethod.Put, "api/me/password", new { password = "          " }, dave)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, spaces.StatusCode);
            Assert.Contains("the password is empty (or only spaces)", await spaces.Content.ReadAsStringAsync());
        }
        using (var me = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: dave)))
        {
            var json = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("label", json.GetProperty("filterMode").GetString());
            Assert.Contains("default", json.GetProperty("filterModeExplained").GetString());
        }
        using (var set = await _http.SendAsync(Request(HttpMethod.Put, "api/me/filter-mode", new { mode = "quarantine" }, dave)))
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        using (var bad = await _http.SendAsync(Request(HttpMethod.Put, "api/me/filter-mode", new { mode = "shred" }, dave)))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var token = TestMail.NewToken("api");
        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            await client.SendAsync(TestMail.Create(token, "dave@example.test", $"XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X {token}\r\n"));
            await client.DisconnectAsync(quit: true);
        }
        await new Maildir(Path.Combine(_server.DataDirectory, "mail", "example.test", "dave", ".Junk", "new")).WaitForMessageAsync(token);

        var audit = await (await _http.SendAsync(Request(HttpMethod.Get, "api/audit", auth: Admin))).Content.ReadAsStringAsync();
        Assert.Contains("\"actor\":\"token:ops\",\"action\":\"account add\",\"target\":\"dave@example.test\"", audit);
    }

    [Fact]
    public async Task Users_cannot_use_admin_endpoints_and_wrong_credentials_are_refused()
    {
        var alice = User(ServerProcess.Alice, "secret-password");
        using (var forbidden = await _http.SendAsync(Request(HttpMethod.Get, "api/accounts", auth: alice)))
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using (var changeOther = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{ServerProcess.Bob}/filter-mode", new { mode = "off" }, alice)))
            Assert.Equal(HttpStatusCode.Forbidden, changeOther.StatusCode);
        using (var wrong = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: User(ServerProcess.Alice, "wrong"))))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var none = await _http.SendAsync(Request(HttpMethod.Get, "api/domains")))
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var bogus = await _http.SendAsync(Request(HttpMethod.Get, "api/domains", auth: new AuthenticationHeaderValue("Bearer", "mzg_0000"))))
            Assert.Equal(HttpStatusCode.Unauthorized, bogus.StatusCode);
        using (var adminAsUser = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: Admin)))
            Assert.Equal(HttpStatusCode.Forbidden, adminAsUser.StatusCode);

        Assert.Equal("label", (await AccountAsync(ServerProcess.Bob)).GetProperty("filterMode").GetString());
    }

    private async Task<JsonElement> AccountAsync(string address)
    {
        using var response = await _http.SendAsync(Request(HttpMethod.Get, "api/accounts", auth: Admin));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accounts = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return accounts.EnumerateArray().Single(a => a.GetProperty("address").GetString() == address);
    }

    private async Task<string> RcptReplyAsync(string recipient) => Assert.Single(await _server.RcptRepliesAsync(IPAddress.Parse("127.0.0.9"), recipient));

    [Fact]
    public async Task An_admin_disables_an_account_and_sets_its_quota_and_forwarding_which_the_listing_and_smtp_show()
    {
        var bob = ServerProcess.Bob;
        using (var disable = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/disabled", new { disabled = true }, Admin)))
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.True((await AccountAsync(bob)).GetProperty("disabled").GetBoolean());
        Assert.StartsWith("550 5.2.1", await RcptReplyAsync(bob));
        using (var bobSignsIn = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: User(bob, "secret-password"))))
            Assert.Equal(HttpStatusCode.Unauthorized, bobSignsIn.StatusCode);
        using (var enable = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/disabled", new { disabled = false }, Admin)))
            Assert.Equal(HttpStatusCode.NoContent, enable.StatusCode);
        Assert.StartsWith("250", await RcptReplyAsync(bob));

        using (var name = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/display-name", new { displayName = " Bob Example " }, Admin)))
            Assert.Equal(HttpStatusCode.NoContent, name.StatusCode);
        Assert.Equal("Bob Example", (await AccountAsync(bob)).GetProperty("displayName").GetString());
        using (var badName = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/display-name", new { displayName = "Bob\r\nBcc: x" }, Admin)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
            Assert.Contains("must not hold line breaks", await badName.Content.ReadAsStringAsync());
        }
        using (var quota = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/quota", new { quota = "2G" }, Admin)))
            Assert.Equal(HttpStatusCode.NoContent, quota.StatusCode);
        Assert.Equal("2G", (await AccountAsync(bob)).GetProperty("quota").GetString());
        using (var bad = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/quota", new { quota = "lots" }, Admin)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("'lots' is not a size", await bad.Content.ReadAsStringAsync());
        }
        using (var none = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/quota", new { quota = (string?)null }, Admin)))
            Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await AccountAsync(bob)).GetProperty("quota").ValueKind);

        using (var forward = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/forwarding", new { targets = new[] { "bob@remote.test" }, keepCopy = false }, Admin)))
            Assert.Equal(HttpStatusCode.NoContent, forward.StatusCode);
        var listed = await AccountAsync(bob);
        Assert.Equal("bob@remote.test", Assert.Single(listed.GetProperty("forward").EnumerateArray()).GetString());
        Assert.False(listed.GetProperty("forwardKeepCopy").GetBoolean());
        using (var self = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/forwarding", new { targets = new[] { bob } }, Admin)))
            Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);

        using (var missing = await _http.SendAsync(Request(HttpMethod.Put, "api/accounts/nobody@example.test/disabled", new { disabled = true }, Admin)))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var byUser = await _http.SendAsync(Request(HttpMethod.Put, $"api/accounts/{bob}/disabled", new { disabled = true }, User(ServerProcess.Alice, "secret-password"))))
            Assert.Equal(HttpStatusCode.Forbidden, byUser.StatusCode);

        var audit = await (await _http.SendAsync(Request(HttpMethod.Get, "api/audit", auth: Admin))).Content.ReadAsStringAsync();
        foreach (var action in new[] { "account name", "account disable", "account enable", "account quota 2G", "account quota none", "account forward bob@remote.test" })
            Assert.Contains($"\"action\":\"{action}\",\"target\":\"{bob}\"", audit);
    }

    [Fact]
    public async Task An_admin_manages_aliases_access_lists_and_imports_accounts_through_the_api()
    {
        using (var alias = await _http.SendAsync(Request(HttpMethod.Post, "api/aliases", new { address = "info@example.test", target = ServerProcess.Bob }, Admin)))
            Assert.Equal(HttpStatusCode.Created, alias.StatusCode);
        Assert.Contains("\"address\":\"info@example.test\"", await (await _http.SendAsync(Request(HttpMethod.Get, "api/aliases", auth: Admin))).Content.ReadAsStringAsync());
        Assert.StartsWith("250", await RcptReplyAsync("info@example.test"));
        using (var removed = await _http.SendAsync(Request(HttpMethod.Delete, $"api/aliases/info@example.test/{ServerProcess.Bob}", auth: Admin)))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var again = await _http.SendAsync(Request(HttpMethod.Delete, $"api/aliases/info@example.test/{ServerProcess.Bob}", auth: Admin)))
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.StartsWith("550 5.1.1", await RcptReplyAsync("info@example.test"));

        using (var allow = await _http.SendAsync(Request(HttpMethod.Post, "api/access", new { kind = "client", pattern = "198.51.100.0/24", action = "allow", note = "partner" }, Admin)))
            Assert.Equal(HttpStatusCode.Created, allow.StatusCode);
        using (var bad = await _http.SendAsync(Request(HttpMethod.Post, "api/access", new { kind = "client", pattern = "not-an-ip", action = "allow" }, Admin)))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var badKind = await _http.SendAsync(Request(HttpMethod.Post, "api/access", new { kind = "planet", pattern = "x", action = "allow" }, Admin)))
            Assert.Contains("must be client, clientname, sender or recipient", await badKind.Content.ReadAsStringAsync());
        Assert.Contains("{\"kind\":\"client\",\"pattern\":\"198.51.100.0/24\",\"action\":\"allow\",\"note\":\"partner\"}",
            await (await _http.SendAsync(Request(HttpMethod.Get, "api/access", auth: Admin))).Content.ReadAsStringAsync());
        Assert.Contains("198.51.100.0/24", (await _server.RunCliAsync(["access", "list"])).StandardOutput);
        using (var removeAccess = await _http.SendAsync(Request(HttpMethod.Delete, "api/access/client/198.51.100.0/24", auth: Admin)))
            Assert.Equal(HttpStatusCode.NoContent, removeAccess.StatusCode);
        Assert.DoesNotContain("198.51.100.0/24", (await _server.RunCliAsync(["access", "list"])).StandardOutput);

        async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(string csv, bool dryRun)
        {
            var request = Request(HttpMethod.Post, "api/accounts/import" + (dryRun ? "?dryRun=true" : ""), auth: Admin);
            request.Content = new StringContent(csv, Encoding.UTF8, "text/csv");
            using var response = await _http.SendAsync(request);
            return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
        }
        const string Good = "address,password,display_name,filter_mode\ncarol@example.test,carol-password-1,Carol,quarantine\ndan@example.test,dan-password-1,Dan,\n";
        var badFile = await ImportAsync(Good + "erin@elsewhere.test,x,Erin,\n", dryRun: false);
        Assert.Equal(HttpStatusCode.BadRequest, badFile.Status);
        Assert.False(badFile.Body.GetProperty("applied").GetBoolean());
        Assert.Contains(badFile.Body.GetProperty("lines").EnumerateArray(), l => l.GetString()!.StartsWith("line 4: ERROR", StringComparison.Ordinal));
        var dry = await ImportAsync(Good, dryRun: true);
        Assert.Equal(HttpStatusCode.OK, dry.Status);
        Assert.False(dry.Body.GetProperty("applied").GetBoolean());
        using (var notYet = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: User("carol@example.test", "carol-password-1"))))
            Assert.Equal(HttpStatusCode.Unauthorized, notYet.StatusCode);
        var applied = await ImportAsync(Good, dryRun: false);
        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.Equal(2, applied.Body.GetProperty("added").GetInt32());
        Assert.Equal("quarantine", (await AccountAsync("carol@example.test")).GetProperty("filterMode").GetString());
        using (var carol = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: User("carol@example.test", "carol-password-1"))))
            Assert.Equal(HttpStatusCode.OK, carol.StatusCode);
    }

    [Fact]
    public async Task A_user_lists_the_quarantine_and_releases_a_message_as_not_spam()
    {
        var alice = User(ServerProcess.Alice, "secret-password");
        using (var set = await _http.SendAsync(Request(HttpMethod.Put, "api/me/filter-mode", new { mode = "quarantine" }, alice)))
            Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        var token = TestMail.NewToken("held");
        using (var client = await TestMail.ConnectAsync(_server.Port))
        {
            await client.SendAsync(TestMail.Create(token, ServerProcess.Alice, $"XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X {token}\r\n"));
            await client.DisconnectAsync(quit: true);
        }
        await new Maildir(Path.Combine(_server.DataDirectory, "mail", "example.test", "alice", ".Junk", "new")).WaitForMessageAsync(token);

        using var listed = await _http.SendAsync(Request(HttpMethod.Get, "api/me/quarantine", auth: alice));
        var held = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Single(m => m.GetProperty("subject").GetString()!.Contains(token, StringComparison.Ordinal));
        Assert.NotEqual("", held.GetProperty("spamScore").GetString());
        var id = held.GetProperty("id").GetString()!;
        using (var byBob = await _http.SendAsync(Request(HttpMethod.Post, $"api/me/quarantine/{id}/not-spam", auth: User(ServerProcess.Bob, "secret-password"))))
            Assert.Equal(HttpStatusCode.NotFound, byBob.StatusCode);
        using (var released = await _http.SendAsync(Request(HttpMethod.Post, $"api/me/quarantine/{id}/not-spam", auth: alice)))
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);
        await new Maildir(Path.Combine(_server.DataDirectory, "mail", "example.test", "alice", "new")).WaitForMessageAsync(token);
        var inbox = await (await _http.SendAsync(Request(HttpMethod.Get, "api/me/inbox", auth: alice))).Content.ReadAsStringAsync();
        Assert.Contains(token, inbox);
        var after = await (await _http.SendAsync(Request(HttpMethod.Get, "api/me/quarantine", auth: alice))).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, after);
    }

    [Fact]
    public async Task A_user_reports_spam_and_not_spam_which_trains_their_own_dictionary()
    {
        var alice = User(ServerProcess.Alice, "secret-password");
        var message = "From: a@shop.example\r\nSubject: cheap pills\r\n\r\nBuy cheap pills now\r\n";
        async Task<string> Learn(string kind)
        {
            var request = Request(HttpMethod.Post, $"api/me/learn/{kind}", auth: alice);
            request.Content = new StringContent(message, Encoding.UTF8, "message/rfc822");
            using var response = await _http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }
        Assert.Contains("\"outcome\":\"Learned\"", await Learn("spam"));
        Assert.Contains("\"outcome\":\"AlreadyLearned\"", await Learn("spam"));
        Assert.Contains("\"outcome\":\"Relearned\"", await Learn("ham"));
        using (var me = await _http.SendAsync(Request(HttpMethod.Get, "api/me", auth: alice)))
        {
            var training = JsonDocument.Parse(await me.Content.ReadAsStringAsync()).RootElement.GetProperty("training");
            Assert.Equal((0, 1, false), (training.GetProperty("spamLearned").GetInt64(), training.GetProperty("hamLearned").GetInt64(), training.GetProperty("decides").GetBoolean()));
        }
        using var wrong = await _http.SendAsync(Request(HttpMethod.Post, "api/me/learn/maybe", auth: alice));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
    }

    [Fact]
    public async Task A_body_the_call_cannot_take_is_a_400_naming_the_problem_and_changes_nothing()
    {
        async Task<(HttpStatusCode Status, string Error)> SendAsync(HttpMethod method, string path, string body, string type = "application/json")
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, type), Headers = { Authorization = Admin } };
            using var response = await _http.SendAsync(request);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, json.RootElement.GetProperty("error").GetString()!);
        }

        var missing = await SendAsync(HttpMethod.Post, "api/domains", "{}");
        var nullName = await SendAsync(HttpMethod.Post, "api/domains", """{"name": null}""");
        var broken = await SendAsync(HttpMethod.Post, "api/aliases", """{"address": "a@example.test",""");
        var wrongType = await SendAsync(HttpMethod.Post, "api/access", """{"kind": "client", "pattern": 5, "action": "allow"}""");
        var noDisabled = await SendAsync(HttpMethod.Put, $"api/accounts/{ServerProcess.Alice}/disabled", "{}");
        var notJson = await SendAsync(HttpMethod.Post, "api/domains", "name=example.org", "application/x-www-form-urlencoded");

        Assert.Equal((HttpStatusCode.BadRequest, true), (missing.Status, missing.Error.Contains("missing required properties including: 'name'", StringComparison.Ordinal)));
        Assert.Equal((HttpStatusCode.BadRequest, true), (nullName.Status, nullName.Error.Contains("'Name'", StringComparison.Ordinal) && nullName.Error.Contains("doesn't allow null", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.BadRequest, broken.Status);
        Assert.StartsWith("the request body is not what this call takes: ", broken.Error);
        Assert.Equal((HttpStatusCode.BadRequest, true), (wrongType.Status, wrongType.Error.Contains("$.pattern", StringComparison.Ordinal)));
        Assert.Equal((HttpStatusCode.BadRequest, true), (noDisabled.Status, noDisabled.Error.Contains("'disabled'", StringComparison.Ordinal)));
        Assert.Equal((HttpStatusCode.UnsupportedMediaType, "send the request body as JSON (Content-Type: application/json)"), notJson);
        using var accounts = await _http.SendAsync(Request(HttpMethod.Get, "api/accounts", auth: Admin));
        Assert.Contains($"\"address\":\"{ServerProcess.Alice}\",\"displayName\":null,\"filterMode\":\"label\",\"disabled\":false", await accounts.Content.ReadAsStringAsync());
        using var domains = await _http.SendAsync(Request(HttpMethod.Get, "api/domains", auth: Admin));
        Assert.Equal("""["example.test"]""", await domains.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_admin_and_self_service_endpoints()
    {
        var document = await _http.GetStringAsync("openapi/v1.json");
        foreach (var path in new[] { "/api/domains", "/api/accounts", "/api/accounts/{address}/filter-mode", "/api/me", "/api/me/filter-mode", "/api/log/search", "/api/log/story/{queueId}", "/api/me/forwarding", "/api/me/inbox", "/api/me/inbox/{id}/spam", "/api/accounts/{address}/disabled", "/api/accounts/{address}/display-name", "/api/accounts/{address}/quota", "/api/accounts/{address}/forwarding", "/api/aliases", "/api/access", "/api/accounts/import", "/api/me/quarantine", "/api/me/quarantine/{id}/not-spam", "/api/bayes" })
            Assert.Contains($"\"{path}\"", document);
    }
}
