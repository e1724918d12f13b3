using System.Globalization;
using System.Text;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

/// <summary>
/// <c>queue/&lt;id&gt;.status</c>: for <c>mizugiwa queue show</c>, the last result of each pending
/// recipient, one tab-separated line each: key, attempts, next attempt (ISO 8601), status, diagnostic.
/// Informational only: written by rename without fsync, and never read back by the queue manager.
/// </summary>
internal static class StatusFile
{
    public sealed record Line(string Key, int Attempts, DateTimeOffset NextAttempt, string Status, string Diagnostic);

    public static void Write(string path, IEnumerable<(EnvelopeRecipient Recipient, RecipientState State)> pending)
    {
        var text = new StringBuilder();
        foreach (var (recipient, state) in pending)
        {
            if (state.LastResult is not { } last) continue;
            text.Append(RecipientKey.Of(recipient)).Append('\t')
                .Append(state.Attempts.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(state.NextAttempt.ToString("O", CultureInfo.InvariantCulture)).Append('\t')
                .Append(last.Status).Append('\t')
                .Append((last.Diagnostic ?? "").Replace('\t', ' ').Replace('\n', ' ')).Append('\n');
        }
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text.ToString());
        File.Move(temporary, path, overwrite: true);
    }

    public static IReadOnlyList<Line> Read(string path)
    {
        if (!File.Exists(path)) return [];
        var lines = new List<Line>();
        foreach (var line in File.ReadAllLines(path))
        {
            var f = line.Split('\t');
            if (f.Length < 5) continue;
            lines.Add(new Line(f[0], int.Parse(f[1], CultureInfo.InvariantCulture), DateTimeOffset.Parse(f[2], CultureInfo.InvariantCulture), f[3], f[4]));
        }
        return lines;
    }
}
