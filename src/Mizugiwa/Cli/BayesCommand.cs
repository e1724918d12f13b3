using System.Diagnostics;
using System.Globalization;
using Mizugiwa.Configuration;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Storage;

namespace Mizugiwa.Cli;

/// <summary><c>mizugiwa bayes train|stats|copy</c>: the Bayes dictionaries in DataDirectory/bayes.db, or in the directory's PostgreSQL when Directory:Backend is Postgres.</summary>
internal static class BayesCommand
{
    public const string Usage = """
        usage: mizugiwa bayes train [--spam PATH]... [--ham PATH]... [--user ADDRESS]
               mizugiwa bayes stats
               mizugiwa bayes copy --from FILE
          train learns every message under each PATH: a Maildir (cur and new), an mbox file, a message
          file, or a folder of message files (recursive). A message already learned as the same class is
          skipped; one learned as the other class is moved. With --user the messages go into that user's
          dictionary (and the global one). Bayes votes once a dictionary has learned 200 spam and 200 ham.
          stats shows what each dictionary has learned.
          copy puts every dictionary of a node's SQLite bayes.db into the store this node uses (the shared
          PostgreSQL when Directory:Backend is Postgres), with what each has learned; a dictionary that has
          already learned anything there is kept as it is.
        """;

    private static readonly TimeSpan TerminalRefresh = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    public static Task<int> RunAsync(string[] args, MizugiwaOptions options) =>
        RunAsync(args, options, Console.Out, Console.Error, stderrIsTerminal: !Console.IsErrorRedirected);

    /// <summary>The command with its output streams given (tests); <paramref name="stderrIsTerminal"/> picks a progress bar over progress lines.</summary>
    public static async Task<int> RunAsync(string[] args, MizugiwaOptions options, TextWriter stdout, TextWriter stderr, bool stderrIsTerminal)
    {
        try
        {
            if (args.Length == 0) throw new UsageException("missing subcommand");
            switch (args[0])
            {
                case "train": await TrainAsync(args[1..], options, stdout, stderr, stderrIsTerminal); break;
                case "stats": await StatsAsync(args[1..], options, stdout); break;
                case "copy": await CopyAsync(args[1..], options, stdout); break;
                default: throw new UsageException($"unknown subcommand '{args[0]}'");
            }
            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            await stderr.WriteLineAsync($"mizugiwa: {e.Message}\n{Usage}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is MailSourceException or DirectoryException or BayesCopyException)
        {
            await stderr.WriteLineAsync($"mizugiwa: {e.Message}");
            return ExitCodes.Data;
        }
    }

    private static async Task TrainAsync(string[] args, MizugiwaOptions options, TextWriter stdout, TextWriter stderr, bool terminal)
    {
        var sources = new List<TrainingSource>();
        string? user = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is not ("--spam" or "--ham" or "--user")) throw new UsageException($"unknown option '{name}'");
            if (i + 1 >= args.Length) throw new UsageException($"{name} needs a value");
            var value = args[++i];
            if (name == "--user") user = value;
            else sources.Add(new TrainingSource(value, name == "--spam"));
        }
        if (sources.Count == 0) throw new UsageException("give at least one --spam or --ham PATH");

        var store = Hosting.BayesStoreFactory.Open(options);
        var progress = new ProgressReport(stderr, terminal);
        var result = await Task.Run(() => BayesTrainer.Train(store, sources, user, progress.Update));
        progress.Finish(result);
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"learned {result.Spam} spam and {result.Ham} ham into the {(user is null ? "global dictionary" : $"dictionary of {user.ToLowerInvariant()}")} " +
            $"({result.AlreadyLearned} already learned, {result.Relearned} moved to the other class, {result.Skipped} unreadable) in {progress.Elapsed.TotalSeconds:0.0} s"));
        await WriteStatsAsync(store, stdout);
    }

    private static async Task StatsAsync(string[] args, MizugiwaOptions options, TextWriter stdout)
    {
        CommandArguments.Parse(args, 0, 0);
        await WriteStatsAsync(Hosting.BayesStoreFactory.Open(options), stdout);
    }

    private static async Task CopyAsync(string[] args, MizugiwaOptions options, TextWriter stdout)
    {
        if (args is not ["--from", var file]) throw new UsageException(args.Length == 0 || args[0] == "--from" ? "copy needs --from FILE" : $"unknown option '{args[0]}'");
        var store = Hosting.BayesStoreFactory.Open(options);
        foreach (var d in await store.CopyFromSqliteAsync(file))
        {
            var name = d.User ?? "(global)";
            await stdout.WriteLineAsync(d.Copied
                ? string.Create(CultureInfo.InvariantCulture, $"copied {name}: {d.SpamLearned} spam, {d.HamLearned} ham, {d.Tokens} tokens")
                : $"kept {name}: it has already learned messages here");
        }
        await WriteStatsAsync(store, stdout);
    }

    private static async Task WriteStatsAsync(BayesStore store, TextWriter stdout)
    {
        var o = store.Options;
        await stdout.WriteLineAsync($"{"DICTIONARY",-32} {"SPAM",8} {"HAM",8} {"TOKENS",10} {"LOGISTIC",-10} VOTES");
        foreach (var d in await store.StatsAsync())
        {
            var votes = o.Votes(d.SpamLearned, d.HamLearned) ? "yes" : $"no (needs {o.MinSpamLearned} spam and {o.MinHamLearned} ham)";
            var logistic = o.LogisticRate == 0 ? "off" : o.LogisticVotes(d.LogisticLearned) ? "yes" : $"{d.LogisticLearned}/{o.LogisticNeeds}";
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{d.User ?? "(global)",-32} {d.SpamLearned,8} {d.HamLearned,8} {d.Tokens,10} {logistic,-10} {votes}"));
        }
    }

    /// <summary>A bar redrawn in place on a terminal; a line every few seconds when stderr is a file or pipe.</summary>
    private sealed class ProgressReport(TextWriter stderr, bool terminal)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastShown;

        public TimeSpan Elapsed => _clock.Elapsed;

        public void Update(TrainingProgress progress)
        {
            var now = _clock.Elapsed;
            if (now - _lastShown < (terminal ? TerminalRefresh : LogInterval)) return;
            _lastShown = now;
            Show(progress);
        }

        public void Finish(TrainingProgress progress)
        {
            Show(progress);
            if (terminal) stderr.WriteLine();
        }

        private void Show(TrainingProgress p)
        {
            var fraction = p.BytesTotal == 0 ? 1.0 : Math.Clamp((double)p.BytesDone / p.BytesTotal, 0, 1);
            var rate = p.Messages / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var counts = string.Create(CultureInfo.InvariantCulture,
                $"{fraction * 100,3:0}% {p.Messages} messages ({p.Spam} spam, {p.Ham} ham, {p.AlreadyLearned} known, {p.Skipped} unreadable) {rate:0}/s");
            if (!terminal)
            {
                stderr.WriteLine($"bayes train: {counts}");
                return;
            }
            const int width = 30;
            var filled = (int)(fraction * width);
            stderr.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {counts}\u001b[K");
        }
    }
}
