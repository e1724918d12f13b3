using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// Runtime settings against a running server: a greylist delay saved through the API takes effect
/// over SMTP without a restart; bad values are refused naming the setting; the source is shown.
/// </summary>
public sealed class RuntimeSettingsTests : IAsyncLifetime
{
    private const string Delay = "Checks:Rgrey:DelaySeconds";
    private ServerProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Checks__TrustedNetworks__0"] = "192.0.2.1/32",
            ["Checks__Rgrey__Mode"] = "GreylistAll",
            ["Checks__Rgrey__DelaySeconds"] = "3600",
        });
        _http = _server.WebClient(await _server.AddApiTokenAsync());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> SendAsync(string from)
    {
        using var client = new SmtpClient { LocalEndPoint = new IPEndPoint(IPAddress.Parse(from), 0), Timeout = 30_000 };
        await client.ConnectAsync("127.0.0.1", _server.Port, SecureSocketOptions.None);
        var token = TestMail.NewToken("settings");
        await client.SendAsync(TestMail.Create(token, ServerProcess.Alice));
        await client.DisconnectAsync(true);
        return token;
    }

    private async Task<JsonElement> DelaySettingAsync() =>
        JsonDocument.Parse(await _http.GetStringAsync("api/settings")).RootElement.EnumerateArray().Single(s => s.GetProperty("key").GetString() == Delay);

    [Fact]
    public async Task A_greylist_delay_saved_through_the_api_lets_the_waiting_retry_through_without_a_restart()
    {
        var before = await DelaySettingAsync();
        Assert.Equal("3600", before.GetProperty("value").GetString());
        Assert.Equal("configuration", before.GetProperty("source").GetString());

        var first = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync("127.0.5.5"));
        Assert.Equal(451, (int)first.StatusCode);
        var again = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync("127.0.5.5"));
        Assert.Equal(451, (int)again.StatusCode);

        using (var bad = await _http.PutAsJsonAsync($"api/settings/{Delay}", new { value = "-5" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("Checks:Rgrey", await bad.Content.ReadAsStringAsync());
        }
        using (var notNumber = await _http.PutAsJsonAsync($"api/settings/{Delay}", new { value = "soon" }))
            Assert.Contains("'soon' is not a whole number", await notNumber.Content.ReadAsStringAsync());
        using (var unknown = await _http.PutAsJsonAsync("api/settings/Mx:Port", new { value = "25" }))
            Assert.Contains("'Mx:Port' is not a runtime setting", await unknown.Content.ReadAsStringAsync());

        using (var saved = await _http.PutAsJsonAsync($"api/settings/{Delay}", new { value = "0" }))
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var after = await DelaySettingAsync();
        Assert.Equal("0", after.GetProperty("value").GetString());
        Assert.Equal("settings page", after.GetProperty("source").GetString());
        Assert.Equal("token:ops", after.GetProperty("changedBy").GetString());

        var token = await SendAsync("127.0.5.5");
        await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);

        using (var reset = await _http.DeleteAsync($"api/settings/{Delay}"))
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal("3600", (await DelaySettingAsync()).GetProperty("value").GetString());
        var fresh = await Assert.ThrowsAsync<SmtpCommandException>(() => SendAsync("127.0.6.5"));
        Assert.Equal(451, (int)fresh.StatusCode);
        Assert.Contains("\"action\":\"setting set\",\"target\":\"Checks:Rgrey:DelaySeconds = 0\"", await _http.GetStringAsync("api/audit"));
    }
}
