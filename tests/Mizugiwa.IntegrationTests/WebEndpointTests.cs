using Mizugiwa.IntegrationTests.Infrastructure;

namespace Mizugiwa.IntegrationTests;

/// <summary>/healthz and /metrics on the server's web listener.</summary>
public sealed class WebEndpointTests
{
    [Fact]
    public async Task Healthz_answers_ok_and_metrics_count_decisions_and_content_scans()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string> { ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off" });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}/"), Timeout = TimeSpan.FromSeconds(10) };

        Assert.Equal("ok\n", await http.GetStringAsync("healthz"));

        var token = TestMail.NewToken("metrics");
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            await client.SendAsync(TestMail.Create(token, ServerProcess.Alice));
            await Assert.ThrowsAsync<MailKit.Net.Smtp.SmtpCommandException>(() => client.SendAsync(TestMail.Create(TestMail.NewToken("unknown"), "nobody@example.test")));
            await client.DisconnectAsync(quit: true);
        }
        await server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);

        var metrics = await http.GetStringAsync("metrics");
        Assert.Contains("mizugiwa_smtp_decisions_total{stage=\"DATA\",outcome=\"accepted\",check=\"\"} 1", metrics);
        Assert.Matches("mizugiwa_smtp_decisions_total\\{stage=\"RCPT\",outcome=\"rejected\",check=\"[^\"]*\"\\} 1", metrics);
        Assert.Contains("mizugiwa_content_scans_total{action=\"none\"} 1", metrics);
        Assert.Contains("# TYPE mizugiwa_uptime_seconds gauge", metrics);
    }
}
