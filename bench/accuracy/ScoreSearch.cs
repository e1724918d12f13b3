using System.Globalization;

/// <summary>
/// `--experiments` with VARIANTS=scores: coordinate search of the static symbols' scores together with the
/// Bayes band sweep, on the tuning half only (the most spam of that half at the whole level within 0.1 %
/// of its ham lost; ties keep the current score). Prints each change and the result on both halves, so
/// the report half shows whether the tuning-half gain holds.
/// </summary>
internal static class ScoreSearch
{
    private static readonly double[] Grid = [0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0];

    public static void Run(List<Result> results, int folds)
    {
        var current = results.SelectMany(r => r.Sample.Symbols.Zip(r.Sample.SymbolScores)).GroupBy(x => x.First)
            .ToDictionary(g => g.Key, g => g.First().Second, StringComparer.Ordinal);
        var tuning = results.Where(r => WeightSweep.IsTuning(r.Sample.Fold, folds)).ToList();
        var candidates = current.Keys.Where(n => n != "DATE_IN_PAST" && n != "DATE_IN_FUTURE" && tuning.Count(r => r.Sample.Symbols.Contains(n)) >= 5).Order(StringComparer.Ordinal).ToList();
        var best = Evaluate(tuning, current, folds);
        Console.WriteLine($"  scores: start {best.Spam} spam at {best.Ham} ham on the tuning half");
        Print(results, current, folds);
        var minGain = int.Parse(Environment.GetEnvironmentVariable("SCORES_MIN_GAIN") ?? "1", CultureInfo.InvariantCulture);
        for (var pass = 0; pass < (minGain > 1000 ? 0 : 2); pass++)
            foreach (var name in candidates)
                foreach (var value in Grid)
                {
                    if (value == current[name]) continue;
                    var trial = new Dictionary<string, double>(current, StringComparer.Ordinal) { [name] = value };
                    var r = Evaluate(tuning, trial, folds);
                    if (r.Key.CompareTo(best.Key) <= 0 || (r.Ham >= best.Ham && r.Spam - best.Spam < minGain)) continue;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  scores: {name} {current[name]} -> {value}: {r.Spam} spam at {r.Ham} ham"));
                    current = trial;
                    best = r;
                }
        Print(results, current, folds);
    }

    private static void Print(List<Result> results, Dictionary<string, double> current, int folds)
    {
        var chosen = WeightSweep.Choose(Rescore(results, current), folds).Weights;
        foreach (var (label, isTuning) in new[] { ("tuning", true), ("report", false) })
        {
            var half = Rescore(results, current).Where(x => WeightSweep.IsTuning(x.Sample.Fold, folds) == isTuning).ToList();
            var spam = half.Count(x => x.Sample.Spam);
            var ham = half.Count - spam;
            var hamP = half.Where(x => !x.Sample.Spam).Select(x => x.Probability).OrderByDescending(p => p).ToList();
            var limit = hamP[(int)Math.Floor(hamP.Count * 0.001)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  scores: {label} half Bayes alone {100.0 * half.Count(x => x.Sample.Spam && x.Probability > limit) / spam:0.00} % spam at <=0.1 % ham; whole level {100.0 * half.Count(x => x.Sample.Spam && WeightSweep.IsSpam(x, chosen)) / spam:0.00} % spam at {100.0 * half.Count(x => !x.Sample.Spam && WeightSweep.IsSpam(x, chosen)) / ham:0.00} % ham ({string.Join("/", chosen.Values)})"));
        }
    }

    private static (int Spam, int Ham, (int, int, int) Key) Evaluate(List<Result> tuning, Dictionary<string, double> scores, int folds)
    {
        var rescored = Rescore(tuning, scores);
        var choice = WeightSweep.Choose(rescored, folds);
        var spam = rescored.Count(r => r.Sample.Spam && WeightSweep.IsSpam(r, choice.Weights));
        var ham = rescored.Count(r => !r.Sample.Spam && WeightSweep.IsSpam(r, choice.Weights));
        return (spam, ham, (choice.WithinLimit ? 1 : 0, spam, -ham));
    }

    private static List<Result> Rescore(IEnumerable<Result> results, Dictionary<string, double> scores) =>
        [.. results.Select(r => r with { Sample = r.Sample with { StaticScore = r.Sample.Symbols.Sum(n => scores.GetValueOrDefault(n)) } })];
}
