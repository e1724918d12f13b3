using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>The harvest-guard thresholds, block length and flow limits as runtime settings: saved through the API, the next client meets them.</summary>
public sealed class HarvestSettingsTests : IAsyncLifetime
{
    private ServerProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off", ["Checks__Harvest__TarpitStepMilliseconds"] = "10",
        });
        _http = _server.WebClient(await _server.AddApiTokenAsync());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private static readonly string[] FourUnknownThenAlice = ["h1@example.test", "h2@example.test", "h3@example.test", "h4@example.test", ServerProcess.Alice];

    private async Task PutAsync(string key, string value)
    {
        using var response = await _http.PutAsJsonAsync($"api/settings/{key}", new { value });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_lower_unknown_recipient_threshold_and_block_length_saved_through_the_api_block_the_next_prober()
    {
        var before = await HarvestAcrossNodesTests.ProbeAsync(_server, IPAddress.Parse("127.0.10.5"), FourUnknownThenAlice);
        Assert.Equal([550, 550, 550, 550, 250], before);

        using (var bad = await _http.PutAsJsonAsync("api/settings/Checks:Harvest:MaxBlockSeconds", new { value = "10" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("MaxBlockSeconds >= BlockSeconds", await bad.Content.ReadAsStringAsync());
        }
        await PutAsync("Checks:Harvest:UnknownRecipientsPerAddress", "3");
        await PutAsync("Checks:Harvest:BlockSeconds", "120");
        var limits = JsonDocument.Parse(await _http.GetStringAsync("api/limits")).RootElement;
        Assert.Equal(3, limits.GetProperty("harvestPerAddress").GetProperty("unknownRecipients").GetInt32());
        var shown = await _server.RunCliAsync(["limits", "show", "127.0.11.5"]);
        Assert.Matches(@"127\.0\.11\.5 +unknown recipients / [^\n]*/ 3\b", shown.StandardOutput);

        var after = await HarvestAcrossNodesTests.ProbeAsync(_server, IPAddress.Parse("127.0.11.5"), FourUnknownThenAlice);
        Assert.Equal(450, after[^1]);
        var block = JsonDocument.Parse(await _http.GetStringAsync("api/blocks")).RootElement.EnumerateArray().Single();
        Assert.Equal("127.0.11.5", block.GetProperty("source").GetString());
        var lasts = block.GetProperty("until").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(lasts, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(121));
    }

    [Fact]
    public async Task A_lower_recipient_rate_saved_through_the_api_defers_the_next_client_over_it_with_451()
    {
        var before = await HarvestAcrossNodesTests.ProbeAsync(_server, IPAddress.Parse("127.0.12.5"), ServerProcess.Alice, ServerProcess.Bob, ServerProcess.Alice);
        Assert.Equal(new[] { 250, 250, 250 }, before);

        await PutAsync("Checks:Flow:RecipientsPer10MinutesPerAddress", "2");
        var limits = JsonDocument.Parse(await _http.GetStringAsync("api/limits")).RootElement;
        Assert.Equal(2, limits.GetProperty("perAddress").GetProperty("recipients").GetInt32());

        var after = await HarvestAcrossNodesTests.ProbeAsync(_server, IPAddress.Parse("127.0.13.5"), ServerProcess.Alice, ServerProcess.Bob, ServerProcess.Alice);
        Assert.Equal(new[] { 250, 250, 451 }, after);
        Assert.Matches(@"127\.0\.13\.5 +recipients \(RCPT\) / [^\n]*/ 2\b", (await _server.RunCliAsync(["limits", "show", "127.0.13.5"])).StandardOutput);
    }
}
