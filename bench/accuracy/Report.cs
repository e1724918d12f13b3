using System.Globalization;
using Mizugiwa.Content.Bayes;

/// <summary>The Markdown report of bench/accuracy/run.sh.</summary>
internal static class Report
{
    public static void Write(List<Result> cv, List<Result> strict, List<Result> corrected, WeightSweep.Choice sweep, int folds, double loadSeconds, double trainSeconds, double classifySeconds, long classified)
    {
        var o = BayesOptions.Default;
        var spamCount = cv.Count(r => r.Sample.Spam);
        Console.WriteLine($"# Content filter accuracy: {folds}-fold cross-validation on the SpamAssassin public corpus");
        Console.WriteLine();
        Console.WriteLine($"- spam: spam + spam_2 ({spamCount}); ham: easy_ham + easy_ham_2 ({cv.Count(r => r.Sample.Kind == "easy_ham")}) + hard_ham ({cv.Count(r => r.Sample.Kind == "hard_ham")}); folds by body hash (duplicates stay together); each message judged by the dictionary of the other {folds - 1} folds");
        Console.WriteLine($"- stricter pass: dictionaries that learned no hard_ham at all, each judging all of it ({strict.Count(r => r.Sample.Kind == "hard_ham")} classifications)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"- options: s={o.Strength}, x={o.UnknownTokenProbability}, N={o.MaxSignificantTokens}, |f-0.5|>{o.MinDeviation}; load+tokenize+static scan {loadSeconds:0.0} s, training {trainSeconds:0.0} s for {2 * folds} dictionaries, classification {1000 * classifySeconds / Math.Max(1, classified):0.00} ms per message"));
        Console.WriteLine();
        Console.WriteLine("## Cross-validated (hard_ham in the folds)");
        Console.WriteLine();
        Console.WriteLine("| threshold | spam caught | ham lost (all) | easy_ham lost | hard_ham lost |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, isSpam) in Rows())
            Console.WriteLine($"| {name} | {Pct(cv, "spam", isSpam)} | {Pct(cv.Where(r => !r.Sample.Spam).ToList(), null, isSpam)} | {Pct(cv, "easy_ham", isSpam)} | {Pct(cv, "hard_ham", isSpam)} |");
        Console.WriteLine();
        Console.WriteLine("## Stricter: hard_ham never learned");
        Console.WriteLine();
        Console.WriteLine("| threshold | spam caught | easy_ham lost | hard_ham lost (never learned) |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, isSpam) in Rows())
            Console.WriteLine($"| {name} | {Pct(strict, "spam", isSpam)} | {Pct(strict, "easy_ham", isSpam)} | {Pct(strict, "hard_ham", isSpam)} |");
        Console.WriteLine();
        Console.WriteLine("## Stricter, after a user's corrections: the hard_ham of one other fold learned as ham");
        Console.WriteLine();
        Console.WriteLine("| threshold | spam caught | hard_ham lost (the rest, never learned) |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, isSpam) in Rows())
            Console.WriteLine($"| {name} | {Pct(corrected, "spam", isSpam)} | {Pct(corrected, "hard_ham", isSpam)} |");
        Console.WriteLine();
        Console.WriteLine($"## Bayes scores chosen on the tuning half (test folds 0..{folds / 2 - 1}), reported on the other half");
        Console.WriteLine();
        Console.WriteLine($"Grid of {sweep.Candidates} monotone score sets; {(sweep.WithinLimit ? "the most spam within 0.1 % ham lost" : "none keeps ham lost within 0.1 %; the least ham lost")}: {string.Join(", ", sweep.Weights.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Key} {w.Value}")))}.");
        Console.WriteLine();
        Console.WriteLine("| weights | folds | spam caught | ham lost (all) | easy_ham lost | hard_ham lost |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (label, weights) in new[] { ("defaults (BayesSymbols)", (IReadOnlyDictionary<string, double>?)null), ("chosen", sweep.Weights) })
            foreach (var (half, tuning) in new[] { ("tuning half", true), ("report half", false) })
            {
                var part = cv.Where(r => WeightSweep.IsTuning(r.Sample.Fold, folds) == tuning).ToList();
                bool IsSpam(Result r) => WeightSweep.IsSpam(r, weights);
                Console.WriteLine($"| {label} | {half} | {Pct(part, "spam", IsSpam)} | {Pct(part.Where(r => !r.Sample.Spam).ToList(), null, IsSpam)} | {Pct(part, "easy_ham", IsSpam)} | {Pct(part, "hard_ham", IsSpam)} |");
            }
        Console.WriteLine();
        Console.WriteLine("## Bayes bands (cross-validated)");
        Console.WriteLine();
        Console.WriteLine("| symbol | spam | easy_ham | hard_ham | hard_ham never learned |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var band in BayesSymbols.Bands)
        {
            int Count(List<Result> rs, string kind) => rs.Count(r => r.Sample.Kind == kind && BayesSymbols.For(r.Probability)[0].Name == band.Name);
            Console.WriteLine($"| {band.Name} | {Count(cv, "spam")} | {Count(cv, "easy_ham")} | {Count(cv, "hard_ham")} | {Count(strict, "hard_ham")} |");
        }
        Console.WriteLine();
        Console.WriteLine("Ham lost and spam missed by the whole content level with the default scores (cross-validated):");
        Console.WriteLine();
        foreach (var r in cv.Where(r => !r.Sample.Spam && WeightSweep.IsSpam(r, null)))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- ham lost: {r.Sample.Group}/{r.Sample.Name} static={r.Sample.StaticScore:0.0} p={r.Probability:0.0000}"));
        foreach (var r in cv.Where(r => r.Sample.Spam && !WeightSweep.IsSpam(r, null)).Take(40))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- spam missed: {r.Sample.Group}/{r.Sample.Name} static={r.Sample.StaticScore:0.0} p={r.Probability:0.0000}"));
    }

    private static IEnumerable<(string Name, Func<Result, bool> IsSpam)> Rows()
    {
        foreach (var (name, p) in new[] { ("Bayes alone, p >= 0.80 (BAYES_80 and up)", 0.80), ("Bayes alone, p >= 0.95 (BAYES_95 and up)", 0.95), ("Bayes alone, p >= 0.99 (BAYES_99)", 0.99), ("Bayes alone, p >= 0.999 (BAYES_999)", 0.999) })
            yield return (name, r => r.Probability >= p);
        yield return ("**whole content level**, score >= 5 (Bayes + headers + rules + URLs + attachments, no DNS)", r => WeightSweep.IsSpam(r, null));
        yield return ("whole content level without Bayes, score >= 5", r => r.Sample.StaticScore >= WeightSweep.Threshold);
    }

    private static string Pct(List<Result> results, string? kind, Func<Result, bool> isSpam)
    {
        var of = results.Where(r => kind is null || r.Sample.Kind == kind).ToList();
        var n = of.Count(isSpam);
        return of.Count == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / of.Count:0.00} % ({n}/{of.Count})");
    }
}
