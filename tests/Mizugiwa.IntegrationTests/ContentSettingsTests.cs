using System.Net;
using System.Net.Http.Json;
using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>The content scores as runtime settings: saved through the API, they change what the next message over SMTP gets.</summary>
public sealed class ContentSettingsTests : IAsyncLifetime
{
    private const string Gtube = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    private ServerProcess _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off" });
        _http = _server.WebClient(await _server.AddApiTokenAsync());
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>Sends a GTUBE message (score 1000 and a little) to Alice; returns its token.</summary>
    private async Task<string> SendGtubeAsync()
    {
        var token = TestMail.NewToken("content-settings");
        using var client = await TestMail.ConnectAsync(_server.Port);
        await client.SendAsync(TestMail.Create(token, ServerProcess.Alice, $"{Gtube} {token}\r\n"));
        await client.DisconnectAsync(quit: true);
        return token;
    }

    private async Task PutAsync(string key, string value, HttpStatusCode expected, string? error = null)
    {
        using var response = await _http.PutAsJsonAsync($"api/settings/{key}", new { value });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{key} = {value}: {response.StatusCode} {body}");
        if (error is not null) Assert.Contains(error, body);
    }

    [Fact]
    public async Task The_reject_and_spam_scores_saved_through_the_api_apply_to_the_next_message()
    {
        await PutAsync("Content:RejectScore", "500", HttpStatusCode.NoContent);
        var refused = await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(SendGtubeAsync);
        Assert.InRange((int)refused.StatusCode, 500, 599);

        await PutAsync("Content:SpamScore", "2000", HttpStatusCode.BadRequest, "Content:RejectScore 500 must be above Content:SpamScore 2000");
        await PutAsync("Content:SpamScore", "many", HttpStatusCode.BadRequest, "Content:SpamScore: 'many' is not a number");
        using (var forgotten = await _http.DeleteAsync("api/settings/Content:RejectScore"))
            Assert.Equal(HttpStatusCode.NoContent, forgotten.StatusCode);
        await PutAsync("Content:SpamScore", "2000", HttpStatusCode.NoContent);

        var token = await SendGtubeAsync();
        var delivered = (await _server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token)).Text;
        Assert.Matches(@"X-Spam-Status: No, score=10\d\d\.\d+ required=2000\.0 ", delivered);
        Assert.DoesNotContain("X-Spam-Flag: YES", delivered);
    }
}
