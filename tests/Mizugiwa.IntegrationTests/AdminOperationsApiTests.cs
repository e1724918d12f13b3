using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The admin API's operations against a running server: greylist entries (list, let through,
/// whitelist the client) with their effect over SMTP, one client's flow-limit counters, harvest
/// blocks and the queue, DKIM keys made and deleted. Every change lands in the audit log.
/// Each test uses its own client network (127.0.N.0/24) so they do not meet in the greylist.
/// </summary>
public sealed class AdminOperationsApiTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            // Loopback clients are trusted by default; these tests need them to face the checks.
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Rgrey__Mode"] = "GreylistAll",
            ["Checks__Rgrey__DelaySeconds"] = "3600",
            ["Checks__AccessRefreshSeconds"] = "0",
        });
        _http = _server.WebClient(await _server.AddApiTokenAsync());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Sends one message from <paramref name="from"/>; returns the token, or throws the server's refusal.</summary>
    private async Task<string> SendAsync(string from)
    {
        using var client = new SmtpClient { LocalEndPoint = new IPEndPoint(IPAddress.Parse(from), 0), Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", _server.Port, SecureSocketOptions.None);
        var token = TestMail.NewToken("admin-api");
        await client.SendAsync(TestMail.Create(token, ServerProcess.Alice));
        await client.DisconnectAsync(true);
        return token;
    }

    private async Task<int> GreylistedAsync(string from) => (int)(await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync(from))).StatusCode;

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private Task<string> AuditAsync() => _http.GetStringAsync("api/audit");

    [Fact]
    public async Task A_greylisted_triplet_is_listed_and_let_through_so_the_next_attempt_is_delivered()
    {
        Assert.Equal(451, await GreylistedAsync("127.0.1.5"));

        var list = await GetJsonAsync("api/greylist?client=127.0.1.");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        var entry = list.GetProperty("entries")[0];
        Assert.Equal("127.0.1.0/24", entry.GetProperty("client").GetString());
        Assert.Equal(ServerProcess.Alice, entry.GetProperty("recipient").GetString());
        Assert.Equal(0, entry.GetProperty("passed").GetInt32());
        Assert.Equal(0, (await GetJsonAsync("api/greylist?client=127.0.1.&sender=nobody-like-this")).GetProperty("total").GetInt32());

        var triplet = new { client = entry.GetProperty("client").GetString(), sender = entry.GetProperty("sender").GetString(), recipient = ServerProcess.Alice };
        using (var unknown = await _http.PostAsJsonAsync("api/greylist/release", triplet with { recipient = "nobody@example.test" }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var released = await _http.PostAsJsonAsync("api/greylist/release", triplet))
            Assert.Equal(HttpStatusCode.NoContent, released.StatusCode);

        var token = await SendAsync("127.0.1.5");
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        Assert.Contains("\"action\":\"greylist release\",\"target\":\"127.0.1.0/24 ", await AuditAsync());
    }

    [Fact]
    public async Task Whitelisting_a_greylisted_client_lets_its_next_message_through_at_once()
    {
        Assert.Equal(451, await GreylistedAsync("127.0.2.5"));
        using (var bad = await _http.PostAsJsonAsync("api/greylist/whitelist", new { client = "not a client!" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("is not a domain", await bad.Content.ReadAsStringAsync());
        }
        using (var whitelisted = await _http.PostAsJsonAsync("api/greylist/whitelist", new { client = "127.0.2.0/24" }))
            Assert.Equal(HttpStatusCode.NoContent, whitelisted.StatusCode);

        var token = await SendAsync("127.0.2.5");
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var access = await _server.RunCliAsync(["access", "list"]);
        Assert.Contains("127.0.2.0/24", access.StandardOutput);
        Assert.Contains("\"action\":\"access add client allow\",\"target\":\"127.0.2.0/24\"", await AuditAsync());
    }

    [Fact]
    public async Task One_clients_counters_are_shown_against_the_limits_reset_and_trusted()
    {
        await GreylistedAsync("127.0.3.9");
        var limits = await GetJsonAsync("api/limits");
        Assert.True(limits.GetProperty("perAddress").GetProperty("connections").GetInt32() > 0);

        var view = await GetJsonAsync("api/limits/127.0.3.9");
        Assert.Equal("127.0.3.0/24", view.GetProperty("network").GetString());
        var connections = view.GetProperty("flow").EnumerateArray().First(u => u.GetProperty("scope").GetString() == "127.0.3.9" && u.GetProperty("name").GetString() == "connections");
        Assert.Equal(1, connections.GetProperty("current").GetInt64());
        Assert.Contains(view.GetProperty("harvest").EnumerateArray(), u => u.GetProperty("name").GetString()!.Contains("unknown", StringComparison.Ordinal));

        using (var bad = await _http.GetAsync("api/limits/not-an-ip"))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using (var reset = await _http.DeleteAsync("api/limits/127.0.3.9"))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            var body = JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(0, body.GetProperty("released").GetArrayLength());
            Assert.True(body.GetProperty("countersCleared").GetInt32() >= 2, body.ToString()); // the address's and the network's connections
        }
        var afterReset = await GetJsonAsync("api/limits/127.0.3.9");
        Assert.Equal(0, afterReset.GetProperty("flow").EnumerateArray()
            .First(u => u.GetProperty("scope").GetString() == "127.0.3.9" && u.GetProperty("name").GetString() == "connections").GetProperty("current").GetInt64());
        using (var trusted = await _http.PostAsync("api/limits/127.0.3.9/whitelist", null))
            Assert.Equal(HttpStatusCode.NoContent, trusted.StatusCode);
        var token = await SendAsync("127.0.3.9");
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        var audit = await AuditAsync();
        Assert.Contains("\"action\":\"limits reset\",\"target\":\"127.0.3.9\"", audit);
        Assert.Contains("\"action\":\"access add client allow\",\"target\":\"127.0.3.9\"", audit);
    }

    [Fact]
    public async Task Blocks_and_the_queue_are_listed_and_unknown_ones_are_404()
    {
        Assert.Equal(0, (await GetJsonAsync("api/blocks")).GetArrayLength());
        using (var none = await _http.DeleteAsync("api/blocks/127.0.4.9"))
            Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        using (var bad = await _http.DeleteAsync("api/blocks/nonsense"))
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        Assert.Equal(JsonValueKind.Array, (await GetJsonAsync("api/queue")).ValueKind);
        using (var missing = await _http.DeleteAsync("api/queue/NOSUCHID"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using (var hold = await _http.PostAsync("api/queue/NOSUCHID/hold", null))
            Assert.Equal(HttpStatusCode.NotFound, hold.StatusCode);
        using (var flush = await _http.PostAsync("api/queue/flush", null))
            Assert.Equal(HttpStatusCode.Accepted, flush.StatusCode);
        Assert.Contains("\"action\":\"queue flush\"", await AuditAsync());
    }

    [Fact]
    public async Task The_bayes_dictionaries_are_listed_with_what_they_learned_and_whether_they_judge_mail()
    {
        var spam = Path.Combine(_server.RootDirectory, "bayes-spam");
        Directory.CreateDirectory(spam);
        for (var i = 0; i < 3; i++)
            await File.WriteAllTextAsync(Path.Combine(spam, $"{i}.eml"), $"From: deals@shop.example\nMessage-ID: <deal{i}@shop.example>\nSubject: cheap pills {i}\n\nbuy cheap pills now {i}\n");
        var trained = await _server.RunCliAsync(["bayes", "train", "--spam", spam, "--user", "Bob@Example.test"]);
        Assert.True(trained.ExitCode == 0, trained.ToString());

        var dictionaries = await GetJsonAsync("api/bayes");

        Assert.Equal([(null, 3L, 0L, false), ("bob@example.test", 3L, 0L, false)], dictionaries.EnumerateArray().Select(d =>
            (d.GetProperty("user").GetString(), d.GetProperty("spamLearned").GetInt64(), d.GetProperty("hamLearned").GetInt64(), d.GetProperty("votes").GetBoolean())));
        Assert.All(dictionaries.EnumerateArray(), d => Assert.True(d.GetProperty("tokens").GetInt64() > 0));
    }

    [Fact]
    public async Task A_dkim_key_is_made_like_the_cli_makes_it_listed_and_deleted()
    {
        using (var bad = await _http.PostAsJsonAsync("api/dkim", new { domain = "example.test", selector = "s1", algorithm = "dsa" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("unknown algorithm 'dsa'", await bad.Content.ReadAsStringAsync());
        }
        using (var made = await _http.PostAsJsonAsync("api/dkim", new { domain = "example.test", selector = "s1", algorithm = "ed25519" }))
        {
            Assert.Equal(HttpStatusCode.Created, made.StatusCode);
            var key = JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement;
            Assert.StartsWith("s1._domainkey.example.test. IN TXT \"v=DKIM1; k=ed25519; p=", key.GetProperty("record").GetString());
            Assert.True(key.GetProperty("active").GetBoolean());
        }
        var cli = await _server.RunCliAsync(["dkim", "list"]);
        Assert.Matches(@"example\.test\s+s1\s+ed25519\s+active", cli.StandardOutput);
        using (var again = await _http.PostAsJsonAsync("api/dkim", new { domain = "example.test", selector = "s1", algorithm = "rsa-2048" }))
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        using (var removed = await _http.DeleteAsync("api/dkim/example.test/s1"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        using (var gone = await _http.DeleteAsync("api/dkim/example.test/s1"))
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, (await GetJsonAsync("api/dkim")).GetArrayLength());
        var audit = await AuditAsync();
        Assert.Contains("\"action\":\"dkim keygen ed25519\",\"target\":\"example.test s1\"", audit);
        Assert.Contains("\"action\":\"dkim remove\",\"target\":\"example.test s1\"", audit);
    }
}
