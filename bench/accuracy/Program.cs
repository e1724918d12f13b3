using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;

// k-fold cross-validation of the Bayes classifier: spam + spam_2 against easy_ham + easy_ham_2, hard_ham
// never trained and classified by every fold's dictionary. Messages with the same body fall in the same
// fold, so the corpus' duplicates cannot be learned in one fold and tested in another.
var arguments = Arguments.Parse(args);
var corpus = arguments.Get("--corpus") ?? throw new ArgumentException("--corpus DIR is required");
var folds = int.Parse(arguments.Get("--folds") ?? "10", CultureInfo.InvariantCulture);
var work = arguments.Get("--work") ?? Directory.CreateTempSubdirectory("bayes-accuracy-").FullName;
var total = Stopwatch.StartNew();

var loadClock = Stopwatch.StartNew();
var spam = Load(corpus, ["spam", "spam_2"], true, folds);
var ham = Load(corpus, ["easy_ham", "easy_ham_2"], false, folds);
var hardHam = Load(corpus, ["hard_ham"], false, folds);
var loadSeconds = loadClock.Elapsed.TotalSeconds;
Console.Error.WriteLine($"loaded {spam.Count} spam, {ham.Count} easy ham, {hardHam.Count} hard ham in {loadSeconds:0.0} s");

var results = new List<Result>();
double trainSeconds = 0, classifySeconds = 0;
long classified = 0;
for (var fold = 0; fold < folds; fold++)
{
    var path = Path.Combine(work, $"fold-{fold}.db");
    foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
    var store = new BayesStore(path);
    var clock = Stopwatch.StartNew();
    using (var bulk = store.BeginBulk(null))
    {
        foreach (var sample in spam.Concat(ham).Where(s => s.Fold != fold)) bulk.Learn(sample.Tokens, sample.Spam);
        bulk.Commit();
    }
    trainSeconds += clock.Elapsed.TotalSeconds;
    clock.Restart();
    foreach (var sample in spam.Concat(ham).Where(s => s.Fold == fold))
        results.Add(new Result(sample, Kind(sample), await Classify(store, sample)));
    foreach (var sample in hardHam)
        results.Add(new Result(sample, "hard_ham", await Classify(store, sample)));
    classifySeconds += clock.Elapsed.TotalSeconds;
    classified += results.Count(r => r.Kind != "hard_ham" && r.Sample.Fold == fold) + hardHam.Count;
    Console.Error.WriteLine($"fold {fold + 1}/{folds} done ({total.Elapsed.TotalSeconds:0} s)");
}

Report(results, folds, loadSeconds, trainSeconds, classifySeconds, classified);
if (arguments.Get("--samples") is { } samplesFile)
    await File.WriteAllLinesAsync(samplesFile, results.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Kind}\t{r.Probability:R}\t{r.Sample.StaticScore:R}\t{r.Sample.Group}/{r.Sample.Name}")));
return 0;

static string Kind(Sample sample) => sample.Spam ? "spam" : "ham";

static async Task<double> Classify(BayesStore store, Sample sample)
{
    var verdict = await store.ClassifyAsync(sample.Tokens, null);
    return verdict.Probability ?? throw new InvalidOperationException("the dictionary did not vote");
}

static List<Sample> Load(string corpus, string[] groups, bool spam, int folds)
{
    var envelope = new ContentEnvelope(null, null, null, "", []);
    var files = groups.SelectMany(g => MailSource.Files(Path.Combine(corpus, g)).Select(f => (Group: g, File: f))).ToList();
    var samples = new Sample?[files.Count];
    Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
    {
        var raw = MailSource.Read(files[i].File).Single().Raw;
        var message = ContentMessageReader.Read(raw, envelope);
        samples[i] = new Sample(files[i].Group, Path.GetFileName(files[i].File), spam, FoldOf(raw, folds), BayesTokenizer.Tokenize(message), StaticScorer.Score(message));
    });
    return [.. samples.Select(s => s!)];
}

static int FoldOf(byte[] raw, int folds)
{
    var body = 0;
    for (var i = 0; i + 1 < raw.Length; i++)
    {
        if (raw[i] != '\n') continue;
        if (raw[i + 1] == '\n') { body = i + 2; break; }
        if (raw[i + 1] == '\r' && i + 2 < raw.Length && raw[i + 2] == '\n') { body = i + 3; break; }
    }
    var hash = SHA256.HashData(raw.AsSpan(body));
    return (int)(BitConverter.ToUInt32(hash, 0) % (uint)folds);
}

static void Report(List<Result> results, int folds, double loadSeconds, double trainSeconds, double classifySeconds, long classified)
{
    var spam = results.Where(r => r.Kind == "spam").ToList();
    var ham = results.Where(r => r.Kind == "ham").ToList();
    var hard = results.Where(r => r.Kind == "hard_ham").ToList();
    static string Pct(int n, int of) => of == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * n / of:0.00} % ({n}/{of})");
    var o = BayesOptions.Default;
    Console.WriteLine($"# Bayes accuracy: {folds}-fold cross-validation on the SpamAssassin public corpus");
    Console.WriteLine();
    Console.WriteLine($"- trained per fold: 9/10 of spam+spam_2 ({spam.Count} spam) and easy_ham+easy_ham_2 ({ham.Count} ham); folds by body hash (duplicates stay together)");
    Console.WriteLine($"- hard_ham ({hard.Count / folds} messages) is never trained: each fold's dictionary classifies all of it ({hard.Count} classifications)");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"- options: s={o.Strength}, x={o.UnknownTokenProbability}, N={o.MaxSignificantTokens}, |f-0.5|>{o.MinDeviation}; load+tokenize {loadSeconds:0.0} s, training {trainSeconds:0.0} s for {folds} folds, classification {1000 * classifySeconds / Math.Max(1, classified):0.00} ms per message"));
    Console.WriteLine();
    Console.WriteLine("| threshold | spam caught | ham lost (easy_ham) | hard_ham lost |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var band in new[] { ("BAYES_80 and up: p >= 0.80", 0.80), ("BAYES_95 and up: p >= 0.95", 0.95), ("BAYES_99 and up: p >= 0.99", 0.99), ("BAYES_999: p >= 0.999", 0.999) })
        Row(band.Item1, r => r.Probability >= band.Item2);
    Row("score >= 5 from Bayes alone (BAYES_95 and up)", r => BayesSymbols.Score(r.Probability) >= 5);
    Row("**whole content level** (Bayes + headers + rules + URLs + attachments, no DNS): score >= 5", r => r.Sample.StaticScore + BayesSymbols.Score(r.Probability) >= 5);
    Row("whole content level without Bayes: score >= 5", r => r.Sample.StaticScore >= 5);
    Console.WriteLine();
    Console.WriteLine("| symbol | spam | easy_ham | hard_ham |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var band in BayesSymbols.Bands)
    {
        int Count(List<Result> rs) => rs.Count(r => BayesSymbols.For(r.Probability)[0].Name == band.Name);
        Console.WriteLine($"| {band.Name} | {Count(spam)} | {Count(ham)} | {Count(hard)} |");
    }
    Console.WriteLine();
    Console.WriteLine("Easy ham at p >= 0.95 and spam at p < 0.5 (first 15 each):");
    Console.WriteLine();
    foreach (var r in ham.Where(r => r.Sample.StaticScore + BayesSymbols.Score(r.Probability) >= 5).Take(15))
        Console.WriteLine($"- ham lost by the whole content level: {r.Sample.Group}/{r.Sample.Name} static={r.Sample.StaticScore.ToString("0.0", CultureInfo.InvariantCulture)} p={r.Probability.ToString("0.0000", CultureInfo.InvariantCulture)}");
    Console.WriteLine();
    foreach (var r in ham.Where(r => r.Probability >= 0.95).Take(15)) Console.WriteLine($"- ham  {r.Sample.Group}/{r.Sample.Name} p={r.Probability.ToString("0.0000", CultureInfo.InvariantCulture)}");
    foreach (var r in spam.Where(r => r.Probability < 0.5).Take(15)) Console.WriteLine($"- spam {r.Sample.Group}/{r.Sample.Name} p={r.Probability.ToString("0.0000", CultureInfo.InvariantCulture)}");

    void Row(string name, Func<Result, bool> isSpam) =>
        Console.WriteLine($"| {name} | {Pct(spam.Count(isSpam), spam.Count)} | {Pct(ham.Count(isSpam), ham.Count)} | {Pct(hard.Count(isSpam), hard.Count)} |");
}

internal sealed record Sample(string Group, string Name, bool Spam, int Fold, BayesTokens Tokens, double StaticScore);

internal sealed record Result(Sample Sample, string Kind, double Probability);

internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments();
        for (var i = 0; i + 1 < args.Length; i += 2) parsed._values[args[i]] = args[i + 1];
        return parsed;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);
}
