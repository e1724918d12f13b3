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
        foreach (var (name, rewrite) in Transforms.All)
            if (Wanted("t:" + name)) Measure("t: " + name, samples, s => rewrite(s.Tokens.Tokens), BayesOptions.Default, folds, tuning);
        // c:A+B+s=0.3+d=0.2+n=100: transforms and candidate families composed, with option changes.
        foreach (var combo in only.Where(v => v.StartsWith("c:", StringComparison.Ordinal)))
        {
            var options = BayesOptions.Default;
            var steps = new List<Func<Sample, IEnumerable<string>, IEnumerable<string>>>();
            foreach (var part in combo[2..].Split('+'))
            {
                var value = part.Length > 2 ? part[2..] : "";
                if (part.StartsWith("s=", StringComparison.Ordinal)) options = options with { Strength = double.Parse(value, CultureInfo.InvariantCulture) };
                else if (part.StartsWith("d=", StringComparison.Ordinal)) options = options with { MinDeviation = double.Parse(value, CultureInfo.InvariantCulture) };
                else if (part.StartsWith("n=", StringComparison.Ordinal)) options = options with { MaxSignificantTokens = int.Parse(value, CultureInfo.InvariantCulture) };
                else if (part.StartsWith("x=", StringComparison.Ordinal)) options = options with { UnknownTokenProbability = double.Parse(value, CultureInfo.InvariantCulture) };
                else if (Transforms.All.FirstOrDefault(t => t.Name == part) is { Rewrite: { } rewrite }) steps.Add((_, t) => rewrite([.. t]));
                else if (Candidates.All.Any(c => c.Name == part)) steps.Add((s, t) => t.Concat(s.Extra[part]));
                else throw new ArgumentException($"unknown combo part {part}");
            }
            Measure(combo, samples, s => steps.Aggregate((IEnumerable<string>)s.Tokens.Tokens, (t, step) => step(s, t)), options, folds, tuning);
        }
        if (only.Any(v => v.StartsWith("lr", StringComparison.Ordinal))) LogisticExperiment.Run(samples, folds, tuning);
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
        var (counts, learned) = Count(samples, tokens, folds);
        if (Environment.GetEnvironmentVariable("EXPLAIN") is { Length: > 0 } explain)
            for (var i = 0; i < samples.Count; i++)
            {
                if (!samples[i].Name.StartsWith(explain, StringComparison.Ordinal)) continue;
                var (sl, hl) = Sum(learned, folds, samples[i].Fold, true);
                var fs = tokens[i].Where(counts.ContainsKey).Select(t => (t, Sum(counts[t], folds, samples[i].Fold, true))).Select(x => (x.t, x.Item2, f: FisherCombiner.TokenProbability(x.Item2.Spam, x.Item2.Ham, sl, hl, options))).OrderBy(x => x.f).ToList();
                Console.WriteLine($"  {samples[i].Name}: {tokens[i].Length} tokens, {fs.Count} known, significant {fs.Count(x => Math.Abs(x.f - 0.5) > options.MinDeviation)}");
                foreach (var x in fs.Where(x => Math.Abs(x.f - 0.5) > options.MinDeviation)) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {x.f:0.000} {x.Item2.Spam}/{x.Item2.Ham} {x.t}"));
            }
        var (cvResults, strictResults) = Judge(samples, tokens, counts, learned, options, folds, testFolds, minSeen);
        var chosen = PrintRow(name, cvResults, strictResults, folds);
        var spam = cvResults.Where(r => r.Sample.Spam).Select(r => r.Probability).ToList();
        if (Environment.GetEnvironmentVariable("SCORES") == "1")
            ScoreSearch.Run([.. cvResults, .. samples.Select((s, i) => (s, i)).Where(x => !testFolds.Contains(x.s.Fold))
                .Select(x => new Result(x.s, Classify(tokens[x.i], counts, learned, folds, x.s.Fold, hard: true, options, minSeen)))], folds);
        if (Environment.GetEnvironmentVariable("DUMP") == "1")
        {
            foreach (var r in cvResults.Where(r => !r.Sample.Spam).OrderByDescending(r => r.Probability).Take(8))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  - ham {r.Sample.Group}/{r.Sample.Name} p={r.Probability:0.0000} static={r.Sample.StaticScore:0.0} spam above: {spam.Count(p => p > r.Probability)}"));
            foreach (var r in cvResults.Where(r => r.Sample.Spam && !WeightSweep.IsSpam(r, chosen)).Take(int.Parse(Environment.GetEnvironmentVariable("DUMP_MISSED") ?? "0", CultureInfo.InvariantCulture)))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  - missed {r.Sample.Group}/{r.Sample.Name} p={r.Probability:0.0000} static={r.Sample.StaticScore:0.0} {string.Join(' ', r.Sample.Symbols)}"));
            foreach (var r in cvResults.Where(r => r.Sample.Spam).OrderBy(r => r.Probability).Take(int.Parse(Environment.GetEnvironmentVariable("DUMP_SPAM") ?? "0", CultureInfo.InvariantCulture)))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  - spam {r.Sample.Group}/{r.Sample.Name} p={r.Probability:0.0000} static={r.Sample.StaticScore:0.0}"));
        }
        Console.Out.Flush();
    }

    /// <summary>
    /// Each test-fold message judged by its fold's dictionary (cv) and by the same dictionary without hard_ham
    /// learned (strict).
    /// </summary>
    public static (List<Result> Cv, List<Result> Strict) Judge(IReadOnlyList<Sample> samples, string[][] tokens, Dictionary<string, int[]> counts, int[] learned, BayesOptions options, int folds, HashSet<int> testFolds, int minSeen = 1)
    {
        var cv = new List<Result>(); var strict = new List<Result>();
        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            if (!testFolds.Contains(s.Fold)) continue;
            cv.Add(new Result(s, Classify(tokens[i], counts, learned, folds, s.Fold, hard: true, options, minSeen)));
            strict.Add(new Result(s, Classify(tokens[i], counts, learned, folds, s.Fold, hard: false, options, minSeen)));
        }
        return (cv, strict);
    }

    /// <summary>Counts of each token per slot (kind and fold) and of learned messages per slot.</summary>
    public static (Dictionary<string, int[]> Counts, int[] Learned) Count(IReadOnlyList<Sample> samples, string[][] tokens, int folds)
    {
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
        return (counts, learned);
    }

    /// <summary>One table row from the test folds' results; returns the Bayes band scores the sweep chose.</summary>
    public static IReadOnlyDictionary<string, double> PrintRow(string name, List<Result> cvResults, List<Result> strictResults, int folds)
    {
        static string P(int n, int of) => string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / of:0.00} %");
        List<double> Of(List<Result> results, string kind) => [.. results.Where(r => r.Sample.Kind == kind).Select(r => r.Probability)];
        var spam = Of(cvResults, "spam"); var easy = Of(cvResults, "easy_ham"); var hardCv = Of(cvResults, "hard_ham");
        var strictHard = strictResults.Where(r => r.Sample.Kind == "hard_ham").ToList();
        var hardStrict = Of(strictResults, "hard_ham"); var spamStrict = Of(strictResults, "spam"); var easyStrict = Of(strictResults, "easy_ham");
        var ham = easy.Concat(hardCv).ToList();
        var chosen = WeightSweep.Choose(cvResults, folds).Weights;
        var whole = cvResults.Where(r => WeightSweep.IsSpam(r, chosen)).ToList();
        var weights = string.Join("/", chosen.Values.Select(v => v.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine($"| {name} | {P(whole.Count(r => r.Sample.Spam), spam.Count)} at {P(whole.Count(r => !r.Sample.Spam), ham.Count)} ham, hard never learned {P(strictHard.Count(r => WeightSweep.IsSpam(r, chosen)), strictHard.Count)} ({weights}) | {P(AtHamLimit(spam, ham, 0.005), spam.Count)} | {P(spam.Count(p => p >= 0.99), spam.Count)} | {P(easy.Count(p => p >= 0.80), easy.Count)} | {P(hardCv.Count(p => p >= 0.95), hardCv.Count)} | {P(hardStrict.Count(p => p >= 0.99), hardStrict.Count)} | {P(AtHamLimit(spam, ham), spam.Count)} | {P(AtHamLimit(spamStrict, easyStrict), spamStrict.Count)} |");
        return chosen;
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

    /// <summary>A message of one fold judged by the dictionary of the folds other than its own and <paramref name="alsoExcept"/>.</summary>
    public static double ClassifyWithout(string[] tokens, Dictionary<string, int[]> counts, int[] learned, int folds, int fold, int alsoExcept, bool hard) =>
        Classify(tokens, counts, learned, folds, fold, hard, BayesOptions.Default, 1, alsoExcept);

    private static double Classify(string[] tokens, Dictionary<string, int[]> counts, int[] learned, int folds, int fold, bool hard, BayesOptions options, int minSeen, int alsoExcept = -1)
    {
        var (spamLearned, hamLearned) = Sum(learned, folds, fold, hard, alsoExcept);
        var probabilities = new List<double>(tokens.Length);
        foreach (var t in tokens)
        {
            if (!counts.TryGetValue(t, out var c)) continue; // the store has no row for it: not combined
            var (s, h) = Sum(c, folds, fold, hard, alsoExcept);
            if (s + h < minSeen) continue;
            probabilities.Add(FisherCombiner.TokenProbability(s, h, spamLearned, hamLearned, options));
        }
        var significant = FisherCombiner.Significant(probabilities, options);
        if (Environment.GetEnvironmentVariable("COMBINE") == "robinson" && significant.Count > 0)
        {
            // Robinson's geometric-mean indicator, for comparison with the chi-square combining.
            double logNotF = 0, logF = 0;
            foreach (var f in significant) { logNotF += Math.Log(1 - Math.Clamp(f, 1e-12, 1 - 1e-12)); logF += Math.Log(Math.Clamp(f, 1e-12, 1 - 1e-12)); }
            var spamminess = 1 - Math.Exp(logNotF / significant.Count);
            var hamminess = 1 - Math.Exp(logF / significant.Count);
            return (1 + (spamminess - hamminess) / (spamminess + hamminess)) / 2;
        }
        return FisherCombiner.Combine(significant);
    }

    private static (long Spam, long Ham) Sum(int[] c, int folds, int except, bool hard, int alsoExcept = -1)
    {
        long spam = 0, ham = 0;
        for (var f = 0; f < folds; f++)
        {
            if (f == except || f == alsoExcept) continue;
            spam += c[f];
            ham += c[folds + f] + (hard ? c[2 * folds + f] : 0);
        }
        return (spam, ham);
    }
}
