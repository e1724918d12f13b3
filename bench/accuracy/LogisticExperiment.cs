using System.Globalization;
using Mizugiwa.Content.Bayes;

/// <summary>
/// `--experiments` with VARIANTS=lr...: online logistic regression over binary features (the Bayes tokens,
/// optionally the static symbols and the Bayes probability), trained per fold on the other folds as the
/// dictionaries are, and judged on the tuning half like every other row. Knobs: LR_RATES (learning rates),
/// LR_EPOCHS (passes over the training messages), LR_FEATURES (tokens, symbols, bayes; '+'-joined).
/// </summary>
internal static class LogisticExperiment
{
    public static void Run(IReadOnlyList<Sample> samples, int folds, HashSet<int> testFolds)
    {
        var rates = List("LR_RATES", "0.02,0.05");
        var epochs = List("LR_EPOCHS", "3");
        var families = (Environment.GetEnvironmentVariable("LR_FEATURES") ?? "tokens,tokens+symbols,tokens+symbols+bayes").Split(',');
        var tokens = samples.Select(s => s.Tokens.Tokens.Distinct().ToArray()).ToArray();
        var (counts, learned) = Experiments.Count(samples, tokens, folds);
        var (bayesCv, bayesStrict) = Experiments.Judge(samples, tokens, counts, learned, BayesOptions.Default, folds, testFolds);
        Experiments.PrintRow("Bayes (for comparison)", bayesCv, bayesStrict, folds);
        var bayesOf = bayesCv.Zip(bayesStrict).ToDictionary(x => x.First.Sample, x => (Cv: x.First.Probability, Strict: x.Second.Probability));
        foreach (var family in families)
        {
            var parts = family.Split('+').ToHashSet();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int Id(string f) => index.TryGetValue(f, out var i) ? i : index[f] = index.Count;
            var features = samples.Select((s, i) =>
                (parts.Contains("tokens") ? tokens[i] : []).Concat(parts.Contains("symbols") ? s.Symbols.Select(n => "sym:" + n) : [])
                    .Concat(parts.Where(s.Extra.ContainsKey).SelectMany(p => s.Extra[p])).Select(Id).Distinct().ToArray()).ToArray();
            foreach (var rate in rates)
            foreach (var epoch in epochs)
            {
                var cv = new List<Result>(); var strict = new List<Result>();
                foreach (var fold in testFolds.Order())
                {
                    foreach (var (hard, into) in new[] { (true, cv), (false, strict) })
                    {
                        var train = Enumerable.Range(0, samples.Count).Where(i => samples[i].Fold != fold && (hard || samples[i].Kind != "hard_ham")).ToArray();
                        double? BayesFeature(int i) => parts.Contains("bayes") ? Logit(samples[i].Fold == fold ? (hard ? bayesOf[samples[i]].Cv : bayesOf[samples[i]].Strict) : 0.5) : null;
                        // Training messages have no honest Bayes probability of their own fold here; the
                        // feature is learned from the test-fold-free dictionaries' view when it is asked for.
                        var model = Train(train, features, samples, index.Count, (int)epoch, rate, parts.Contains("bayes") ? TrainingBayes(samples, tokens, counts, learned, folds, fold, hard, train) : null);
                        foreach (var i in Enumerable.Range(0, samples.Count).Where(i => samples[i].Fold == fold))
                            into.Add(new Result(samples[i], model.Predict(features[i], BayesFeature(i))));
                    }
                }
                Experiments.PrintRow(string.Create(CultureInfo.InvariantCulture, $"lr {family} rate={rate} epochs={epoch}"), cv, strict, folds);
                foreach (var mix in (Environment.GetEnvironmentVariable("LR_MIX") ?? "0.5:0.5").Split(','))
                {
                    // Bayes and logistic regression voting together: a·logit(Bayes) + b·logit(LR).
                    var (a, b) = (double.Parse(mix.Split(':')[0], CultureInfo.InvariantCulture), double.Parse(mix.Split(':')[1], CultureInfo.InvariantCulture));
                    var mixCv = cv.Select(r => r with { Probability = Sigmoid(a * Logit(bayesOf[r.Sample].Cv) + b * Logit(r.Probability)) }).ToList();
                    var mixStrict = strict.Select(r => r with { Probability = Sigmoid(a * Logit(bayesOf[r.Sample].Strict) + b * Logit(r.Probability)) }).ToList();
                    Experiments.PrintRow(string.Create(CultureInfo.InvariantCulture, $"lr {family} rate={rate} epochs={epoch}, {a}·Bayes + {b}·LR"), mixCv, mixStrict, folds);
                }
                Console.Out.Flush();
            }
        }
    }

    /// <summary>
    /// The Bayes probability of each training message as a dictionary that did not learn it would give: its
    /// own fold's view (the dictionary of the other folds minus the test fold is approximated by the other folds).
    /// </summary>
    private static double[] TrainingBayes(IReadOnlyList<Sample> samples, string[][] tokens, Dictionary<string, int[]> counts, int[] learned, int folds, int testFold, bool hard, int[] train)
    {
        var result = new double[samples.Count];
        foreach (var i in train) result[i] = Experiments.ClassifyWithout(tokens[i], counts, learned, folds, samples[i].Fold, testFold, hard);
        return result;
    }

    private static LogisticModel Train(int[] train, int[][] features, IReadOnlyList<Sample> samples, int size, int epochs, double rate, double[]? bayes)
    {
        var model = new LogisticModel(size);
        var order = (int[])train.Clone();
        var random = new Random(1);
        for (var e = 0; e < epochs; e++)
        {
            random.Shuffle(order);
            foreach (var i in order) model.Learn(features[i], bayes is null ? null : Logit(bayes[i]), samples[i].Spam, rate);
        }
        return model;
    }

    private static double Logit(double p) { p = Math.Clamp(p, 1e-6, 1 - 1e-6); return Math.Log(p / (1 - p)); }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    private static double[] List(string name, string fallback) =>
        [.. (Environment.GetEnvironmentVariable(name) ?? fallback).Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture))];

    private sealed class LogisticModel(int size)
    {
        private readonly double[] _weights = new double[size];
        private static readonly double L2 = double.Parse(Environment.GetEnvironmentVariable("LR_L2") ?? "0", CultureInfo.InvariantCulture);
        private static readonly double Margin = double.Parse(Environment.GetEnvironmentVariable("LR_MARGIN") ?? "0", CultureInfo.InvariantCulture);
        private double _bias, _bayesWeight;

        public double Predict(int[] features, double? bayesLogit)
        {
            var z = _bias + (bayesLogit ?? 0) * _bayesWeight;
            foreach (var f in features) z += _weights[f];
            return Sigmoid(z);
        }

        public void Learn(int[] features, double? bayesLogit, bool spam, double rate)
        {
            var error = (spam ? 1 : 0) - Predict(features, bayesLogit);
            if (Math.Abs(error) < Margin) return; // train on error or near-error only (LR_MARGIN)
            _bias += rate * error;
            if (bayesLogit is { } b) _bayesWeight += rate * error * b / 10;
            foreach (var f in features) _weights[f] += rate * (error - L2 * _weights[f]);
        }
    }
}
