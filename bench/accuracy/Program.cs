using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mizugiwa.Content;
using Mizugiwa.Content.Bayes;

// k-fold cross-validation of the Bayes classifier and the whole content level on the SpamAssassin public
// corpus. Ham is easy_ham + easy_ham_2 + hard_ham, spam is spam + spam_2; every message sits in one fold
// (by a hash of its body, so duplicates never cross folds), is learned by the other folds' dictionaries
// and judged by its own fold's. A second, stricter pass learns no hard_ham at all and judges all of it
// with every fold's dictionary. Weights are chosen on the tuning half of the folds and reported on the other.
var arguments = Arguments.Parse(args);
if (arguments.Get("--cost") == "1")
{
    Console.WriteLine("| analyzers | per message |");
    Console.WriteLine("|---|---|");
    Cost.Run(arguments.Get("--corpus") ?? throw new ArgumentException("--corpus DIR is required"),
        new HashSet<string> { "BODY_GUARANTEED", "BODY_NO_OBLIGATION", "BODY_FREE_QUOTE", "BODY_CALL_NOW", "BODY_EXTRA_INCOME", "BODY_HOME_BUSINESS",
            "BODY_BULK_EMAIL", "BODY_CREDIT_REPAIR", "BODY_ADDRESS_OBTAINED", "BODY_ONE_TIME_MAILING", "BODY_AS_SEEN_ON", "SUBJECT_TRAILING_TAG" });
    return 0;
}
if (arguments.Get("--tokens") is { } tokensOf)
{
    // The tokens of one message, for seeing what Bayes sees.
    var parsed = ContentMessageReader.Read(MailSource.Read(tokensOf).Single().Raw, ContentEnvelope.None);
    foreach (var token in BayesTokenizer.Tokenize(parsed).Tokens.Order(StringComparer.Ordinal)) Console.WriteLine(token);
    return 0;
}
var corpus = arguments.Get("--corpus") ?? throw new ArgumentException("--corpus DIR is required");
var folds = int.Parse(arguments.Get("--folds") ?? "10", CultureInfo.InvariantCulture);
var work = arguments.Get("--work") ?? Directory.CreateTempSubdirectory("bayes-accuracy-").FullName;
var experiments = arguments.Get("--experiments") == "1";
var total = Stopwatch.StartNew();

var loadClock = Stopwatch.StartNew();
var spam = Load(corpus, ["spam", "spam_2"], true, folds, experiments);
var easyHam = Load(corpus, ["easy_ham", "easy_ham_2"], false, folds, experiments);
var hardHam = Load(corpus, ["hard_ham"], false, folds, experiments);
var loadSeconds = loadClock.Elapsed.TotalSeconds;
Console.Error.WriteLine($"loaded {spam.Count} spam, {easyHam.Count} easy ham, {hardHam.Count} hard ham in {loadSeconds:0.0} s");

if (arguments.Get("--symbols") == "1")
{
    // How often each static symbol fires per kind, on the tuning half of the folds only: for judging a
    // heuristic or rule before it gets a score without looking at the half the report is made on.
    var all = spam.Concat(easyHam).Concat(hardHam).Where(s => WeightSweep.IsTuning(s.Fold, folds)).ToList();
    Console.WriteLine("| symbol | spam | easy_ham | hard_ham |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var name in all.SelectMany(s => s.Symbols).Distinct().Order(StringComparer.Ordinal))
        Console.WriteLine($"| {name} | {all.Count(s => s.Kind == "spam" && s.Symbols.Contains(name))} | {all.Count(s => s.Kind == "easy_ham" && s.Symbols.Contains(name))} | {all.Count(s => s.Kind == "hard_ham" && s.Symbols.Contains(name))} |");
    Console.WriteLine();
    foreach (var s in all.Where(s => !s.Spam && s.StaticScore >= 3))
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"- ham {s.Group}/{s.Name} static={s.StaticScore:0.0}: {string.Join(' ', s.Symbols)}"));
    return 0;
}

if (experiments)
{
    Experiments.Run([.. spam, .. easyHam, .. hardHam], folds);
    return 0;
}

if (arguments.Get("--bands") is { } probabilitiesFile)
{
    // Static-symbol variants and a wider Bayes band grid on the tuning half, from the probabilities a
    // full run wrote with --probabilities (the Bayes vote does not depend on the static symbols).
    BandVariants.Run([.. spam, .. easyHam, .. hardHam], probabilitiesFile, folds, arguments.Get("--report") == "1");
    return 0;
}

var crossValidated = new List<Result>();
var strict = new List<Result>();
var strictFolds = new List<int>();
var corrected = new List<Result>();
double trainSeconds = 0, classifySeconds = 0;
long classified = 0;
for (var fold = 0; fold < folds; fold++)
{
    var clock = Stopwatch.StartNew();
    var store = Train(Path.Combine(work, $"fold-{fold}.db"), spam.Concat(easyHam).Concat(hardHam).Where(s => s.Fold != fold));
    var strictStore = Train(Path.Combine(work, $"fold-{fold}-no-hard-ham.db"), spam.Concat(easyHam).Where(s => s.Fold != fold));
    trainSeconds += clock.Elapsed.TotalSeconds;
    clock.Restart();
    foreach (var sample in spam.Concat(easyHam).Concat(hardHam).Where(s => s.Fold == fold))
        crossValidated.Add(new Result(sample, await Classify(store, sample)));
    foreach (var sample in spam.Concat(easyHam).Where(s => s.Fold == fold).Concat(hardHam))
    {
        strict.Add(new Result(sample, await Classify(strictStore, sample)));
        strictFolds.Add(fold);
    }
    // A user's corrections: the newsletters of one other fold (~10 % of hard_ham) marked "not spam",
    // then the rest of hard_ham and this fold's spam judged again.
    var correctedFold = (fold + 1) % folds;
    using (var bulk = strictStore.BeginBulk(null))
    {
        foreach (var sample in hardHam.Where(s => s.Fold == correctedFold)) bulk.Learn(sample.Tokens, false);
        bulk.Commit();
    }
    foreach (var sample in spam.Where(s => s.Fold == fold).Concat(hardHam.Where(s => s.Fold != correctedFold)))
        corrected.Add(new Result(sample, await Classify(strictStore, sample)));
    classifySeconds += clock.Elapsed.TotalSeconds;
    classified += spam.Concat(easyHam).Concat(hardHam).Count(s => s.Fold == fold) + spam.Concat(easyHam).Count(s => s.Fold == fold) + hardHam.Count;
    Console.Error.WriteLine($"fold {fold + 1}/{folds} done ({total.Elapsed.TotalSeconds:0} s)");
}

var sweep = WeightSweep.Choose(crossValidated, folds);
Report.Write(crossValidated, strict, corrected, sweep, folds, loadSeconds, trainSeconds, classifySeconds, classified);
if (arguments.Get("--samples") is { } samplesFile)
    await File.WriteAllLinesAsync(samplesFile, crossValidated.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Sample.Kind}\t{r.Probability:R}\t{r.Sample.StaticScore:R}\t{r.Sample.Fold}\t{r.Sample.Group}/{r.Sample.Name}\t{(WeightSweep.IsSpam(r, null) ? 1 : 0)}\t{r.Sample.StaticScore + WeightSweep.BayesScore(r.Probability, null):R}")));
if (arguments.Get("--probabilities") is { } probabilitiesOut)
    await File.WriteAllLinesAsync(probabilitiesOut, crossValidated.Select(r => (Set: "cv", Fold: r.Sample.Fold, r))
        .Concat(strict.Select((r, i) => (Set: "strict", Fold: strictFolds[i], r)))
        .Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Set}\t{x.Fold}\t{x.r.Sample.Group}/{x.r.Sample.Name}\t{x.r.Probability:R}")));
return 0;

static BayesStore Train(string path, IEnumerable<Sample> samples)
{
    foreach (var file in new[] { path, path + "-wal", path + "-shm" }) File.Delete(file);
    var store = new BayesStore(path);
    using var bulk = store.BeginBulk(null);
    // In a fixed random order, as mail arrives mixed: the logistic vote learns online and must not see
    // all spam first and all ham after (bayes train interleaves its sources for the same reason).
    var order = samples.ToArray();
    new Random(1).Shuffle(order);
    foreach (var sample in order) bulk.Learn(sample.Tokens, sample.Spam);
    bulk.Commit();
    return store;
}

static async Task<double> Classify(BayesStore store, Sample sample)
{
    var verdict = await store.ClassifyAsync(sample.Tokens, null);
    return verdict.Probability ?? throw new InvalidOperationException("the dictionary did not vote");
}

static List<Sample> Load(string corpus, string[] groups, bool spam, int folds, bool experiments)
{
    var envelope = ContentEnvelope.None;
    var files = groups.SelectMany(g => MailSource.Files(Path.Combine(corpus, g)).Select(f => (Group: g, File: f))).ToList();
    var samples = new Sample?[files.Count];
    Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
    {
        var raw = MailSource.Read(files[i].File).Single().Raw;
        var message = ContentMessageReader.Read(raw, envelope);
        var extra = experiments ? Candidates.All.ToDictionary(c => c.Name, c => c.Tokens(message).ToArray()) : [];
        var (score, symbols, scores) = StaticScorer.Score(message);
        samples[i] = new Sample(files[i].Group, Path.GetFileName(files[i].File), spam, FoldOf(raw, folds), BayesTokenizer.Tokenize(message), score, symbols, extra) { SymbolScores = scores };
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
    // SPLIT=text salts the hash: another assignment of messages to folds, for judging on a fresh split
    // what an earlier pass chose while looking at the default one.
    var salt = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("SPLIT") ?? "");
    var hash = SHA256.HashData([.. salt, .. raw.AsSpan(body)]);
    return (int)(BitConverter.ToUInt32(hash, 0) % (uint)folds);
}

internal sealed record Sample(string Group, string Name, bool Spam, int Fold, BayesTokens Tokens, double StaticScore, string[] Symbols, Dictionary<string, string[]> Extra)
{
    public string Kind => Spam ? "spam" : Group == "hard_ham" ? "hard_ham" : "easy_ham";

    /// <summary>The score of each of <see cref="Symbols"/>, in the same order.</summary>
    public double[] SymbolScores { get; init; } = [];
}

internal sealed record Result(Sample Sample, double Probability);

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
