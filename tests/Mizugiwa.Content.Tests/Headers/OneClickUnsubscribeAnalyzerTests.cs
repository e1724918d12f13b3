using System.Text;
using Mizugiwa.Content.Dmarc;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Tests.Dmarc;
using Mizugiwa.Content.Urls;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class OneClickUnsubscribeAnalyzerTests
{
    private const string OneClickHeaders =
        "List-Unsubscribe: <mailto:leave@news.shop.example>, <https://news.shop.example/u/42>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";

    private static readonly string[] Signed = ["From", "Subject", "List-Unsubscribe", "List-Unsubscribe-Post"];

    private static readonly OneClickUnsubscribeAnalyzer Analyzer =
        new(new PublicSuffixRegistrableDomain(PublicSuffixList.Load(SharedPslFiles.List)));

    private static async Task<ContentReport> AnalyzeAsync(string headers, string dmarc = "pass", string dkimDomain = "news.shop.example", string[]? signedHeaders = null, string dkimResult = "pass")
    {
        var message = ContentMessageReader.Read(
            Encoding.UTF8.GetBytes($"From: Shop <offers@shop.example>\r\n{headers}Subject: this week\r\n\r\nOffers.\r\n"),
            new ContentEnvelope(null, null, "mail.shop.example", "bounce@shop.example", ["user@example.net"]));
        var report = new ContentReport();
        report.AddDkim(new DkimVerdict(dkimResult, dkimDomain, "s1", "rsa-sha256") { SignedHeaders = signedHeaders ?? Signed });
        report.SetDmarc(new DmarcVerdict(dmarc, "shop.example", "none"));
        await Analyzer.AnalyzeAsync(message, report, CancellationToken.None);
        return report;
    }

    [Fact]
    public async Task A_signed_https_one_click_unsubscribe_of_an_aligned_sender_with_dmarc_pass_gets_the_symbol()
    {
        var symbol = Assert.Single((await AnalyzeAsync(OneClickHeaders)).Symbols);
        Assert.Equal((OneClickUnsubscribeAnalyzer.Symbol, -1.0, "signed by news.shop.example"), (symbol.Name, symbol.DefaultScore, symbol.Detail));
    }

    [Theory]
    [InlineData("fail", "news.shop.example", "pass", "DMARC did not pass")]
    [InlineData("pass", "esp.example", "pass", "the passing signature is not the From's organisation's")]
    [InlineData("pass", "news.shop.example", "fail", "the aligned signature failed")]
    public async Task Without_an_aligned_passing_signature_and_dmarc_pass_there_is_no_symbol(string dmarc, string dkimDomain, string dkimResult, string why)
    {
        Assert.True((await AnalyzeAsync(OneClickHeaders, dmarc, dkimDomain, dkimResult: dkimResult)).Symbols.Count == 0, why);
    }

    [Fact]
    public async Task The_signature_must_cover_both_fields()
    {
        Assert.Empty((await AnalyzeAsync(OneClickHeaders, signedHeaders: ["From", "Subject", "List-Unsubscribe"])).Symbols);
        Assert.Single((await AnalyzeAsync(OneClickHeaders, signedHeaders: ["from", "list-unsubscribe", "LIST-UNSUBSCRIBE-POST"])).Symbols);
    }

    [Theory]
    [InlineData("List-Unsubscribe: <http://news.shop.example/u/42>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")]
    [InlineData("List-Unsubscribe: <mailto:leave@news.shop.example>\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")]
    [InlineData("List-Unsubscribe: <https://news.shop.example/u/42>\r\n")]
    [InlineData("List-Unsubscribe: <https://news.shop.example/u/42>\r\nList-Unsubscribe-Post: List-Unsubscribe=Later\r\n")]
    [InlineData("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")]
    public async Task Without_an_https_one_click_unsubscribe_there_is_no_symbol(string headers)
    {
        Assert.Empty((await AnalyzeAsync(headers)).Symbols);
    }
}
