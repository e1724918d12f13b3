using System.Diagnostics;
using System.Globalization;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Content.Mime;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Urls;

/// <summary>
/// `--cost 1`: what the static analyzers cost per message (parsed messages in memory, 2 rounds, the
/// second timed), so that a new rule or heuristic can be weighed against the whole scan.
/// </summary>
internal static class Cost
{
    public static void Run(string corpus, IReadOnlySet<string> rulesOfInterest)
    {
        var envelope = ContentEnvelope.None;
        var messages = new[] { "spam", "spam_2", "easy_ham", "hard_ham" }
            .SelectMany(g => MailSource.Files(Path.Combine(corpus, g)).Take(400))
            .Select(f => ContentMessageReader.Read(MailSource.Read(f).Single().Raw, envelope)).ToList();
        var all = RuleSet.LoadDefault();
        var interest = new RuleSet([.. all.Rules.Where(r => rulesOfInterest.Contains(r.Name))]);
        Time("whole static scan (headers, MIME, rules, URLs, attachments)", m => StaticScorer.Score(m));
        Time($"all {all.Rules.Count} default rules", Analyzer(new RuleAnalyzer(all, ExtractedUrlSource.Instance)));
        Time($"the {interest.Rules.Count} rules added 2026-12-04", Analyzer(new RuleAnalyzer(interest, ExtractedUrlSource.Instance)));
        Time("MIME structure (with MIME_BASE64_TEXT)", Analyzer(new MimeStructureAnalyzer()));
        Time("Bayes tokenizer", m => BayesTokenizer.Tokenize(m));

        void Time(string what, Action<ContentMessage> action)
        {
            foreach (var m in messages) action(m);
            var clock = Stopwatch.StartNew();
            foreach (var m in messages) action(m);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {what} | {1e6 * clock.Elapsed.TotalSeconds / messages.Count:0.0} µs |"));
        }
    }

    private static Action<ContentMessage> Analyzer(IContentAnalyzer analyzer) =>
        m => analyzer.AnalyzeAsync(m, new ContentReport(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
}
