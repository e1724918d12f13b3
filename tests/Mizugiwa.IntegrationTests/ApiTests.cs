using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>The JSON API on the web port: admin tokens, self-service with mailbox credentials, who may do what.</summary>
public sealed class ApiTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private HttpClient _http = null!;
    private string _token = "";

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off" });
        var token = await _server.RunCliAsync(["token", "add", "ops"]);
        Assert.Equal(0, token.ExitCode);
        _token = token.StandardOutput.Trim();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.WebPort}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
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

        var dave = User("dave@example.test", "dave-password-1");
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

        var bobMode = await (await _http.SendAsync(Request(HttpMethod.Get, "api/accounts", auth: Admin))).Content.ReadAsStringAsync();
        Assert.Contains($"{{\"address\":\"{ServerProcess.Bob}\",\"filterMode\":\"label\"}}", bobMode);
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
        using var wrong = await _http.SendAsync(Request(HttpMethod.Post, "api/me/learn/maybe", auth: alice));
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_admin_and_self_service_endpoints()
    {
        var document = await _http.GetStringAsync("openapi/v1.json");
        foreach (var path in new[] { "/api/domains", "/api/accounts", "/api/accounts/{address}/filter-mode", "/api/me", "/api/me/filter-mode", "/api/log/search", "/api/log/story/{queueId}", "/api/me/forwarding", "/api/me/inbox", "/api/me/inbox/{id}/spam" })
            Assert.Contains($"\"{path}\"", document);
    }
}
