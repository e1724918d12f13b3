using System.Globalization;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Content.Headers;

/// <summary>
/// `--bands FILE` (FILE written by a full run with --probabilities): the scores of the
/// SenderConsistencyAnalyzer symbols, each variant with a wider grid of Bayes band scores, on the tuning
/// half only. For each variant the band set chosen is the one with the most spam of that half at
/// &lt;= 0.1 % of its ham lost among those that lose no more never-learned hard_ham of that half (each
/// judged by its own fold's dictionary that learned no hard_ham) than the current defaults do.
/// `--report 1` with CHOSEN="SYMBOL=score,...;b50/b60/b80/b95/b99" prints that one choice on both halves.
/// </summary>
internal static class BandVariants
{
    private static readonly string[] NewSymbols =
    [
        SenderConsistencyAnalyzer.LinksMostlyOwn, SenderConsistencyAnalyzer.LinksSomeOwn, SenderConsistencyAnalyzer.AddressesAgree,
        SenderConsistencyAnalyzer.UnsubscribeOwn, SenderConsistencyAnalyzer.TextHtmlAgree,
    ];

    private static readonly string[] BandNames = ["BAYES_50", "BAYES_60", "BAYES_80", "BAYES_95", "BAYES_99"];

    public static void Run(List<Sample> samples, string probabilitiesFile, int folds, bool report)
    {
        var byName = samples.ToDictionary(s => $"{s.Group}/{s.Name}", StringComparer.Ordinal);
        var cv = new List<Result>();
        var strictOwnFold = new List<Result>();
        foreach (var line in File.ReadLines(probabilitiesFile))
        {
            var f = line.Split('\t');
            var sample = byName[f[2]];
            var p = double.Parse(f[3], CultureInfo.InvariantCulture);
            if (f[0] == "cv") cv.Add(new Result(sample, p));
            else if (sample.Kind == "hard_ham" && int.Parse(f[1], CultureInfo.InvariantCulture) == sample.Fold) strictOwnFold.Add(new Result(sample, p));
        }
        if (report) { Report(cv, strictOwnFold, folds); return; }
        var tuning = cv.Where(r => WeightSweep.IsTuning(r.Sample.Fold, folds)).ToList();
        var never = strictOwnFold.Where(r => WeightSweep.IsTuning(r.Sample.Fold, folds)).ToList();
        var current = BandNames.Select(n => BayesSymbols.Bands.Single(b => b.Name == n).Score).ToArray();
        var none = NewSymbols.ToDictionary(n => n, _ => 0.0);
        var baseline = Evaluate(tuning, never, none, current);
        Console.WriteLine($"# Band variants on the tuning half (test folds 0..{folds / 2 - 1}): {tuning.Count(r => r.Sample.Spam)} spam, {tuning.Count(r => !r.Sample.Spam)} ham, {never.Count} hard_ham never learned");
        Console.WriteLine();
        Console.WriteLine("| symbol | spam | easy_ham | hard_ham | hard_ham never learned lost now |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var name in NewSymbols)
            Console.WriteLine($"| {name} | {tuning.Count(r => r.Sample.Kind == "spam" && r.Sample.Symbols.Contains(name))} | {tuning.Count(r => r.Sample.Kind == "easy_ham" && r.Sample.Symbols.Contains(name))} | {tuning.Count(r => r.Sample.Kind == "hard_ham" && r.Sample.Symbols.Contains(name))} | {never.Count(r => r.Sample.Symbols.Contains(name) && IsSpam(r, none, current))} |");
        Console.WriteLine();
        Console.WriteLine($"current (no new symbols, bands {string.Join('/', current)}): {Line(baseline)}");
        Console.WriteLine();
        Console.WriteLine("| variant | bands chosen (never-learned cap) | tuning half, whole level | never learned lost | old sweep rule, wide grid (no cap) |");
        Console.WriteLine("|---|---|---|---|---|");
        var grid = Grid().ToList();
        foreach (var (name, weights) in Variants())
        {
            var scored = Fast(Rescore(tuning, weights));
            var scoredNever = Fast(Rescore(never, weights));
            Outcome? capped = null, free = null;
            foreach (var bands in grid)
            {
                var o = Evaluate(scored, scoredNever, bands);
                if (o.Ham > Allowed(tuning)) continue;
                if (free is null || Better(o, free)) free = o;
                if (o.Never <= NeverCap(baseline) && (capped is null || Better(o, capped))) capped = o;
            }
            Console.WriteLine($"| {name} | {(capped is null ? "-" : string.Join('/', capped.Bands))} | {(capped is null ? "-" : Line(capped))} | {(capped is null ? "-" : $"{capped.Never}/{never.Count}")} | {(free is null ? "-" : $"{string.Join('/', free.Bands)}: {Line(free)}")} |");
            Console.Out.Flush();
        }
    }

    /// <summary>
    /// The most never-learned hard_ham a band set may lose: the current defaults' loss, or NEVER_CAP (a fraction,
    /// e.g. 0.5) of it, for a rule that asks for fewer wanted newsletters lost rather than no more.
    /// </summary>
    private static int NeverCap(Outcome baseline) =>
        (int)Math.Floor(baseline.Never * double.Parse(Environment.GetEnvironmentVariable("NEVER_CAP") ?? "1", CultureInfo.InvariantCulture));

    private sealed record Outcome(double[] Bands, int Spam, int SpamOf, int Ham, int HamOf, int Never, int NeverOf);

    private static bool Better(Outcome a, Outcome b) => a.Spam != b.Spam ? a.Spam > b.Spam : a.Ham != b.Ham ? a.Ham < b.Ham : a.Never != b.Never ? a.Never < b.Never : a.Bands.Sum() < b.Bands.Sum();

    private static string Line(Outcome o) => string.Create(CultureInfo.InvariantCulture,
        $"{100.0 * o.Spam / o.SpamOf:0.00} % spam ({o.Spam}/{o.SpamOf}) at {100.0 * o.Ham / o.HamOf:0.00} % ham ({o.Ham}/{o.HamOf}), never learned {100.0 * o.Never / o.NeverOf:0.00} % ({o.Never}/{o.NeverOf})");

    private static int Allowed(List<Result> tuning) => (int)Math.Floor(tuning.Count(r => !r.Sample.Spam) * WeightSweep.MaxHamLost);

    private static Outcome Evaluate(List<Result> cv, List<Result> never, Dictionary<string, double>? weights, double[] bands)
    {
        if (weights is not null) { cv = Rescore(cv, weights); never = Rescore(never, weights); }
        return Evaluate(Fast(cv), Fast(never), bands);
    }

    private static Outcome Evaluate(Scored[] cv, Scored[] never, double[] bands)
    {
        int spam = 0, spamOf = 0, ham = 0, hamOf = 0, lost = 0;
        foreach (var s in cv)
        {
            var caught = s.IsSpam(bands);
            if (s.Spam) { spamOf++; if (caught) spam++; }
            else { hamOf++; if (caught) ham++; }
        }
        foreach (var s in never) if (s.IsSpam(bands)) lost++;
        return new Outcome(bands, spam, spamOf, ham, hamOf, lost, never.Length);
    }

    /// <summary>A result reduced to what the band sweep reads: the static score, which spammy band (or none) and the rest of the Bayes score.</summary>
    private readonly record struct Scored(bool Spam, double Static, int Band, double Fixed)
    {
        public bool IsSpam(double[] bands) => Static + Fixed + (Band >= 0 ? bands[Band] : 0) >= WeightSweep.Threshold;
    }

    private static Scored[] Fast(IEnumerable<Result> results) =>
        [.. results.Select(r =>
        {
            var symbols = BayesSymbols.For(r.Probability);
            var band = Array.IndexOf(BandNames, symbols[0].Name);
            return new Scored(r.Sample.Spam, r.Sample.StaticScore, band, symbols.Skip(band >= 0 ? 1 : 0).Sum(b => b.Score));
        })];

    private static bool IsSpam(Result r, Dictionary<string, double>? weights, double[] bands) =>
        Fast([weights is null ? r : Rescore([r], weights)[0]])[0].IsSpam(bands);

    /// <summary>The static score with the new symbols at the given scores (the other symbols as scanned).</summary>
    private static List<Result> Rescore(IEnumerable<Result> results, Dictionary<string, double> weights) =>
        [.. results.Select(r => r with { Sample = r.Sample with { StaticScore = r.Sample.Symbols.Zip(r.Sample.SymbolScores).Sum(x => weights.TryGetValue(x.First, out var w) ? w : x.Second) } })];

    /// <summary>Monotone band scores, wider than WeightSweep's: up to 6 for BAYES_60 and 8 for BAYES_99, so negative symbols can be outweighed.</summary>
    private static IEnumerable<double[]> Grid()
    {
        foreach (var b50 in new[] { 0.0, 0.8, 1.5, 2.0, 2.5, 3.0 })
        foreach (var b60 in new[] { 1.0, 2.0, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0 })
        foreach (var b80 in new[] { 3.0, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5 })
        foreach (var b95 in new[] { 4.0, 5.0, 5.5, 6.0, 6.5, 7.0 })
        foreach (var b99 in new[] { 4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 8.0 })
            if (b50 <= b60 && b60 <= b80 && b80 <= b95 && b95 <= b99) yield return [b50, b60, b80, b95, b99];
    }

    /// <summary>Named score sets for the new symbols: none, each alone, all together, chosen before any was measured.</summary>
    private static IEnumerable<(string Name, Dictionary<string, double> Weights)> Variants()
    {
        Dictionary<string, double> With(params (string Name, double Score)[] set)
        {
            var w = NewSymbols.ToDictionary(n => n, _ => 0.0);
            foreach (var (n, s) in set) w[n] = s;
            return w;
        }
        yield return ("no new symbols (wide grid only)", With());
        foreach (var name in NewSymbols)
            foreach (var score in new[] { -0.5, -1.0, -2.0 })
                yield return (string.Create(CultureInfo.InvariantCulture, $"{name} {score}"), With((name, score)));
        foreach (var score in new[] { -0.5, -1.0, -1.5 })
            yield return (string.Create(CultureInfo.InvariantCulture, $"all five {score}"), With([.. NewSymbols.Select(n => (n, score))]));
        if (Environment.GetEnvironmentVariable("BAND_VARIANTS") is { Length: > 0 } extra)
            foreach (var v in extra.Split(';'))
                yield return (v, With([.. v.Split(',').Select(p => p.Split('=')).Select(p => (p[0], double.Parse(p[1], CultureInfo.InvariantCulture)))]));
    }

    private static void Report(List<Result> cv, List<Result> strictOwnFold, int folds)
    {
        var chosen = Environment.GetEnvironmentVariable("CHOSEN") ?? throw new ArgumentException("CHOSEN=\"SYMBOL=score,...;b50/b60/b80/b95/b99\" is required with --report 1");
        var parts = chosen.Split(';');
        var weights = NewSymbols.ToDictionary(n => n, _ => 0.0);
        foreach (var p in parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')))
            weights[p[0]] = double.Parse(p[1], CultureInfo.InvariantCulture);
        var bands = parts[1].Split('/').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        foreach (var (label, isTuning) in new[] { ("tuning half", true), ("report half", false) })
        {
            var half = Rescore(cv.Where(r => WeightSweep.IsTuning(r.Sample.Fold, folds) == isTuning), weights);
            var never = Rescore(strictOwnFold.Where(r => WeightSweep.IsTuning(r.Sample.Fold, folds) == isTuning), weights);
            var o = Evaluate(Fast(half), Fast(never), bands);
            Console.WriteLine($"{label}: {Line(o)}; easy_ham {half.Count(r => r.Sample.Kind == "easy_ham" && IsSpam(r, null, bands))}/{half.Count(r => r.Sample.Kind == "easy_ham")}, hard_ham {half.Count(r => r.Sample.Kind == "hard_ham" && IsSpam(r, null, bands))}/{half.Count(r => r.Sample.Kind == "hard_ham")}");
        }
    }
}
