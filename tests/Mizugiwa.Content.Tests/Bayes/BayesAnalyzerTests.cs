using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Tests.Bayes;

public sealed class BayesAnalyzerTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-bayes-analyzer-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData(0.0, new[] { "BAYES_00" })]
    [InlineData(0.03, new[] { "BAYES_05" })]
    [InlineData(0.5, new[] { "BAYES_50" })]
    [InlineData(0.97, new[] { "BAYES_95" })]
    [InlineData(0.995, new[] { "BAYES_99" })]
    [InlineData(0.9995, new[] { "BAYES_99", "BAYES_999" })]
    public void A_probability_gets_its_band_and_BAYES_999_on_top_of_BAYES_99(double probability, string[] expected) =>
        Assert.Equal(expected, BayesSymbols.For(probability).Select(b => b.Name));

    [Fact]
    public void Scores_make_a_confident_bayes_verdict_spam_on_its_own()
    {
        Assert.Equal(5.5, BayesSymbols.Score(0.9999), 1e-9);
        Assert.Equal(5.0, BayesSymbols.Score(0.995), 1e-9);
        Assert.Equal(5.0, BayesSymbols.Score(0.85), 1e-9);
        Assert.Equal(-2.0, BayesSymbols.Score(0.001), 1e-9);
    }

    [Fact]
    public async Task The_analyzer_adds_nothing_before_the_minimum_and_a_bayes_symbol_after()
    {
        var store = new BayesStore(Path.Combine(_root.FullName, "bayes.db"), BayesOptions.Default with { MinSpamLearned = 2, MinHamLearned = 2 });
        var analyzer = new BayesAnalyzer(store);
        var probe = BayesMessages.Japanese("迷惑メール", "今すぐ無料で迷惑メールを送ります");
        var untrained = new ContentReport();
        await analyzer.AnalyzeAsync(probe, untrained, CancellationToken.None);

        for (var i = 0; i < 2; i++)
        {
            await store.LearnAsync(BayesMessages.Japanese($"迷惑メール{i}", $"今すぐ無料で迷惑メールを送ります{i}"), true, null);
            await store.LearnAsync(BayesMessages.Japanese($"会議の予定{i}", $"明日の会議の資料を送ります{i}"), false, null);
        }
        var trained = new ContentReport();
        await analyzer.AnalyzeAsync(probe, trained, CancellationToken.None);

        Assert.Equal(("bayes", ContentStage.Analysis), (analyzer.Name, analyzer.Stage));
        Assert.Empty(untrained.Symbols);
        var symbol = trained.Symbols[0];
        Assert.StartsWith("BAYES_9", symbol.Name);
        Assert.Matches(@"^p=(0\.9\d{3}|1\.0000) ", symbol.Detail);
    }

    [Fact]
    public async Task A_database_that_cannot_be_read_is_a_zero_score_symbol_not_an_exception()
    {
        var path = Path.Combine(_root.FullName, "broken.db");
        var store = new BayesStore(path);
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var drop = connection.CreateCommand();
            drop.CommandText = "DROP TABLE bayes_dictionary";
            drop.ExecuteNonQuery();
        }
        var report = new ContentReport();

        await new BayesAnalyzer(store).AnalyzeAsync(BayesMessages.Plain("a", "b"), report, CancellationToken.None);

        var symbol = Assert.Single(report.Symbols);
        Assert.Equal(("BAYES_UNAVAILABLE", 0.0), (symbol.Name, symbol.DefaultScore));
    }
}
