using System.Globalization;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using MimeKit.Utils;

namespace Mizugiwa.Content.Tests.Headers;

/// <summary>
/// Runs analyzers over the SpamAssassin public corpus (read-only) and counts, per symbol, the share
/// of messages of each group it fired on. "Now" for a message is the time in its topmost Received
/// field, so Date checks see the 2002 mail as its recipient's server did. Messages without any
/// Received field are left out: they are mailing-list archive extracts (136 of the easy ham), not
/// mail as an MX receives it.
/// </summary>
internal static class CorpusHitRates
{
    public static readonly string Root = Path.GetFullPath(Path.Combine(FindRepositoryRoot(), "..", "shared", "corpus", "spamassassin-public"));
    public static readonly (string Name, string[] Folders)[] Groups =
    [
        ("spam", ["spam", "spam_2"]),
        ("ham", ["easy_ham", "easy_ham_2"]),
        ("hard_ham", ["hard_ham"]),
    ];

    public sealed record Table(Dictionary<string, int> Messages, Dictionary<string, Dictionary<string, int>> Hits, Dictionary<string, List<double>> Scores, int LeftOut)
    {
        /// <summary>The share of a group's messages whose default scores add up to at least <paramref name="threshold"/>.</summary>
        public double AtLeast(double threshold, string group) => (double)Scores[group].Count(s => s >= threshold) / Messages[group];

        public double Rate(string symbol, string group) =>
            Hits.TryGetValue(symbol, out var byGroup) && byGroup.TryGetValue(group, out var n) ? (double)n / Messages[group] : 0;

        private string Cell(string symbol, string group) =>
            string.Create(CultureInfo.InvariantCulture, $"{Rate(symbol, group):P1} ({(Hits[symbol].TryGetValue(group, out var n) ? n : 0)})");

        public string Format()
        {
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"| symbol | spam (of {Messages["spam"]}) | ham (of {Messages["ham"]}) | hard_ham (of {Messages["hard_ham"]}) |");
            text.AppendLine("|---|---:|---:|---:|");
            foreach (var symbol in Hits.Keys.Order(StringComparer.Ordinal))
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {symbol} | {Cell(symbol, "spam")} | {Cell(symbol, "ham")} | {Cell(symbol, "hard_ham")} |");
            return text.ToString();
        }
    }

    public static async Task<Table> MeasureAsync(Func<TimeProvider, IReadOnlyList<IContentAnalyzer>> analyzers)
    {
        var messages = new Dictionary<string, int>();
        var hits = new Dictionary<string, Dictionary<string, int>>();
        var scores = new Dictionary<string, List<double>>();
        var leftOut = 0;
        foreach (var (group, folders) in Groups)
        {
            messages[group] = 0;
            scores[group] = [];
            foreach (var file in folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(Root, f))))
            {
                var message = ContentMessageReader.Read(StripMboxLine(await File.ReadAllBytesAsync(file)), new ContentEnvelope(null, null, null, "", []));
                if (ReceivedTime(message) is not { } received)
                {
                    leftOut++;
                    continue;
                }
                var report = new ContentReport();
                foreach (var analyzer in analyzers(new FakeTimeProvider(received)))
                    await analyzer.AnalyzeAsync(message, report, CancellationToken.None);
                messages[group]++;
                scores[group].Add(report.Symbols.Sum(s => s.DefaultScore));
                foreach (var name in report.Symbols.Select(s => s.Name).Distinct())
                {
                    var byGroup = hits.TryGetValue(name, out var found) ? found : hits[name] = [];
                    byGroup[group] = byGroup.GetValueOrDefault(group) + 1;
                }
            }
        }
        return new Table(messages, hits, scores, leftOut);
    }

    private static byte[] StripMboxLine(byte[] file) =>
        file.AsSpan().StartsWith("From "u8) ? file[(file.AsSpan().IndexOf((byte)'\n') + 1)..] : file;

    private static DateTimeOffset? ReceivedTime(ContentMessage message)
    {
        var received = message.Mime.Headers[MimeKit.HeaderId.Received];
        if (received is null) return null;
        var semicolon = received.LastIndexOf(';');
        return semicolon >= 0 && DateUtils.TryParse(received[(semicolon + 1)..].Trim(), out var time) ? time : null;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
