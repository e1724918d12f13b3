using System.Globalization;
using Mizugiwa.Content.Bayes;

/// <summary>
/// `--experiments`: the same Robinson/Fisher classification as BayesStore, with in-memory counts, for each
/// candidate token family and option set, judged on the tuning half of the folds only (test folds
/// 0 .. folds/2-1); the other half stays for the report.
/// </summary>
internal static class Experiments
{
    public static void Run(IReadOnlyList<Sample> samples, int folds)
    {
        var tuning = Enumerable.Range(0, folds / 2).ToHashSet();
        Console.WriteLine($"# Experiments on the tuning half (test folds 0..{folds / 2 - 1})");
        Console.WriteLine();
        Console.WriteLine("| variant | whole level, weights swept on this half | Bayes: spam at <=0.5 % ham | spam p>=0.99 | easy p>=0.80 | hard (CV) p>=0.95 | hard never trained p>=0.99 | spam at <=0.1 % ham (CV) | spam at <=0.1 % easy, strict |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        var only = Environment.GetEnvironmentVariable("VARIANTS")?.Split(',') ?? [];
        bool Wanted(string v) => only.Length == 0 || only.Contains(v);
        if (Wanted("baseline")) Measure("baseline", samples, s => s.Tokens.Tokens, BayesOptions.Default, folds, tuning);
        foreach (var (name, _) in Candidates.All)
            if (Wanted(name)) Measure("+ " + name, samples, s => s.Tokens.Tokens.Concat(s.Extra[name]), BayesOptions.Default, folds, tuning);
        if (Wanted("few-options"))
            foreach (var o in new[] { (0.16, 0.5, 0.1), (0.25, 0.5, 0.3), (0.45, 0.5, 0.1), (1.0, 0.5, 0.2) })
                Measure($"s={o.Item1} x={o.Item2} |f-0.5|>{o.Item3}", samples, s => s.Tokens.Tokens, BayesOptions.Default with { Strength = o.Item1, UnknownTokenProbability = o.Item2, MinDeviation = o.Item3 }, folds, tuning);
        if (Wanted("hapax"))
        {
            Measure("hapaxes ignored (n >= 2)", samples, s => s.Tokens.Tokens, BayesOptions.Default, folds, tuning, minSeen: 2);
            Measure("n >= 3", samples, s => s.Tokens.Tokens, BayesOptions.Default, folds, tuning, minSeen: 3);
            foreach (var n in new[] { 50, 300 })
                Measure($"N={n}", samples, s => s.Tokens.Tokens, BayesOptions.Default with { MaxSignificantTokens = n }, folds, tuning);
        }
        if (Wanted("options"))
            foreach (var strength in new[] { 0.1, 0.16, 0.25, 0.45, 1.0 })
            foreach (var x in new[] { 0.5, 0.538 })
            foreach (var d in new[] { 0.1, 0.2, 0.3 })
                Measure($"s={strength} x={x} |f-0.5|>{d}", samples, s => s.Tokens.Tokens, BayesOptions.Default with { Strength = strength, UnknownTokenProbability = x, MinDeviation = d }, folds, tuning);
    }

    public static void Measure(string name, IReadOnlyList<Sample> samples, Func<Sample, IEnumerable<string>> tokensOf, BayesOptions options, int folds, HashSet<int> testFolds, int minSeen = 1)
    {
        var tokens = samples.Select(s => tokensOf(s).Distinct().ToArray()).ToArray();
        // counts[token] = [spam per fold..., easy per fold..., hard per fold...]
        var counts = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var learned = new int[3 * folds];
        for (var i = 0; i < samples.Count; i++)
        {
            var slot = Slot(samples[i], folds);
            learned[slot]++;
            foreach (var t in tokens[i])
            {
                if (!counts.TryGetValue(t, out var c)) counts[t] = c = new int[3 * folds];
                c[slot]++;
            }
        }
        var cvResults = new List<Result>(); var strictHard = new List<Result>();
        var spam = new List<double>(); var easy = new List<double>(); var hardCv = new List<double>(); var hardStrict = new List<double>(); var easyStrict = new List<double>(); var spamStrict = new List<double>();
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (!testFolds.Contains(s.Fold)) continue;
            var cv = Classify(tokens[i], counts, learned, folds, s.Fold, hard: true, options, minSeen);
            (s.Spam ? spam : s.Group == "hard_ham" ? hardCv : easy).Add(cv);
            cvResults.Add(new Result(s, cv));
            if (s.Group == "hard_ham")
            {
                hardStrict.Add(Classify(tokens[i], counts, learned, folds, s.Fold, hard: false, options, minSeen));
                strictHard.Add(new Result(s, hardStrict[^1]));
            }
            else (s.Spam ? spamStrict : easyStrict).Add(Classify(tokens[i], counts, learned, folds, s.Fold, hard: false, options, minSeen));
        }
        static string P(int n, int of) => string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / of:0.00} %");
        var ham = easy.Concat(hardCv).ToList();
        var chosen = WeightSweep.Choose(cvResults, folds).Weights;
        var whole = cvResults.Where(r => WeightSweep.IsSpam(r, chosen)).ToList();
        var weights = string.Join("/", chosen.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine($"| {name} | {P(whole.Count(r => r.Sample.Spam), spam.Count)} at {P(whole.Count(r => !r.Sample.Spam), ham.Count)} ham, hard never learned {P(strictHard.Count(r => WeightSweep.IsSpam(r, chosen)), strictHard.Count)} ({weights}) | {P(AtHamLimit(spam, ham, 0.005), spam.Count)} | {P(spam.Count(p => p >= 0.99), spam.Count)} | {P(easy.Count(p => p >= 0.80), easy.Count)} | {P(hardCv.Count(p => p >= 0.95), hardCv.Count)} | {P(hardStrict.Count(p => p >= 0.99), hardStrict.Count)} | {P(AtHamLimit(spam, ham), spam.Count)} | {P(AtHamLimit(spamStrict, easyStrict), spamStrict.Count)} |");
        Console.Out.Flush();
    }

    /// <summary>Spam caught at the lowest probability threshold that loses at most 0.1 % of the ham.</summary>
    private static int AtHamLimit(List<double> spam, List<double> ham, double limit = 0.001)
    {
        var allowed = (int)Math.Floor(ham.Count * limit);
        var sorted = ham.OrderByDescending(p => p).ToList();
        var threshold = sorted.Count > allowed ? sorted[allowed] : 0; // ham at or below this stays
        return spam.Count(p => p > threshold);
    }

    private static int Slot(Sample s, int folds) => (s.Spam ? 0 : s.Group == "hard_ham" ? 2 : 1) * folds + s.Fold;

    private static double Classify(string[] tokens, Dictionary<string, int[]> counts, int[] learned, int folds, int fold, bool hard, BayesOptions options, int minSeen)
    {
        var (spamLearned, hamLearned) = Sum(learned, folds, fold, hard);
        var probabilities = new List<double>(tokens.Length);
        foreach (var t in tokens)
        {
            if (!counts.TryGetValue(t, out var c)) continue; // the store has no row for it: not combined
            var (s, h) = Sum(c, folds, fold, hard);
            if (s + h < minSeen) continue;
            probabilities.Add(FisherCombiner.TokenProbability(s, h, spamLearned, hamLearned, options));
        }
        return FisherCombiner.Combine(FisherCombiner.Significant(probabilities, options));
    }

    private static (long Spam, long Ham) Sum(int[] c, int folds, int except, bool hard)
    {
        long spam = 0, ham = 0;
        for (var f = 0; f < folds; f++)
        {
            if (f == except) continue;
            spam += c[f];
            ham += c[folds + f] + (hard ? c[2 * folds + f] : 0);
        }
        return (spam, ham);
    }
}
