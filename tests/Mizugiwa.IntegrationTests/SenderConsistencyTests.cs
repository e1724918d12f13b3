using Mizugiwa.IntegrationTests.Infrastructure;
using MimeKit;

namespace Mizugiwa.IntegrationTests;

/// <summary>
/// The signs of wanted bulk mail (SenderConsistencyAnalyzer) are off by default, since they did not hold up
/// on the corpus; an administrator who weights one of them gets the analyzer in `mizugiwa serve`.
/// </summary>
public sealed class SenderConsistencyTests
{
    [Fact]
    public async Task The_analyzer_runs_only_when_one_of_its_symbols_is_weighted()
    {
        var settings = new Dictionary<string, string> { ["Checks__TrustedNetworks__0"] = "192.0.2.1/32", ["Checks__Rgrey__Mode"] = "Off" };
        Assert.DoesNotContain("SENDER_LINKS_SOME_OWN", await DeliveredNewsletterAsync(settings));

        settings["Content__Weights__SENDER_LINKS_SOME_OWN"] = "-1.5";
        Assert.Contains("SENDER_LINKS_SOME_OWN=-1.5", await DeliveredNewsletterAsync(settings));
    }

    private static async Task<string> DeliveredNewsletterAsync(Dictionary<string, string> settings)
    {
        await using var server = await ServerProcess.StartAsync(settings);
        var token = TestMail.NewToken("news");
        var message = TestMail.Create(token, ServerProcess.Alice, $"This week's offers {token}: https://www.shop.example/offers\r\n");
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse("news@shop.example"));
        using (var client = await TestMail.ConnectAsync(server.Port))
        {
            await client.SendAsync(message);
            await client.DisconnectAsync(quit: true);
        }
        var delivered = await server.Mailbox(ServerProcess.Alice).WaitForMessageAsync(token);
        Assert.Contains("X-Spam-Status:", delivered.Text);
        return delivered.Text;
    }
}
