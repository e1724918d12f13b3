using System.Net;
using System.Text.Json;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>Web pages and API calls whose PostgreSQL transaction log cannot be reached answer 503 with the reason, not an empty 500.</summary>
public sealed class StoreUnavailableWebTests : IAsyncLifetime
{
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync(new Dictionary<string, string>
    {
        ["Checks__Rgrey__Mode"] = "Off",
        ["Web__Admins__0"] = ServerProcess.Alice,
        ["Log__Backend"] = "Postgres",
        ["Log__ConnectionString"] = $"Host=127.0.0.1;Port={ServerProcess.FreePort()};Username=postgres;Password=s3cret;Database=logs;Timeout=1",
    });

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task The_log_search_api_answers_503_naming_the_database()
    {
        using var http = _server.WebClient(await _server.AddApiTokenAsync());

        using var response = await http.GetAsync("api/log/search?ip=192.0.2.1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), response.Headers.RetryAfter?.Delta);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = body.RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith("cannot read the transaction log in PostgreSQL (host 127.0.0.1", error);
        Assert.DoesNotContain("s3cret", error);
    }

    [Fact]
    public async Task The_dashboard_answers_503_and_the_other_pages_still_work()
    {
        using var browser = new FormBrowser(_server.WebPort);
        Assert.Equal(HttpStatusCode.OK, (await browser.PostAsync("login", "login", ("address", ServerProcess.Alice), ("password", "secret-password"))).Status);

        var dashboard = await browser.GetAsync("admin/dashboard");
        var accounts = await browser.GetAsync("admin");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, dashboard.Status);
        Assert.StartsWith("Not available now, try again shortly: cannot read the transaction log in PostgreSQL (host 127.0.0.1", dashboard.Html);
        Assert.Equal(HttpStatusCode.OK, accounts.Status);
        Assert.Contains(ServerProcess.Alice, accounts.Html);
    }
}
