using System.Globalization;

namespace Mizugiwa.Imap;

/// <summary>
/// A sequence set (RFC 3501 §9): "1:4,7,9:*". '*' stands for the largest number in use, so the set
/// is resolved against it when asked; "4:2" is the same as "2:4".
/// </summary>
internal sealed class SequenceSet
{
    private const long Star = -1;
    private readonly List<(long From, long To)> _ranges;

    private SequenceSet(List<(long, long)> ranges) => _ranges = ranges;

    public static SequenceSet Parse(string text)
    {
        if (text.Length == 0) throw new ImapSyntaxException("expected a sequence set");
        var ranges = new List<(long, long)>();
        foreach (var part in text.Split(','))
        {
            var ends = part.Split(':');
            if (ends.Length > 2) throw new ImapSyntaxException($"bad sequence range '{part}'");
            long from = Number(ends[0]);
            long to = ends.Length == 2 ? Number(ends[1]) : from;
            ranges.Add((from, to));
        }
        return new SequenceSet(ranges);
    }

    private static long Number(string text)
    {
        if (text == "*") return Star;
        if (text.Length == 0 || !text.All(char.IsAsciiDigit) || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long n) || n is 0 or > uint.MaxValue)
            throw new ImapSyntaxException($"bad sequence number '{text}' (1..4294967295 or *)");
        return n;
    }

    /// <summary>Whether <paramref name="n"/> is in the set when '*' means <paramref name="largest"/>.</summary>
    public bool Contains(long n, long largest)
    {
        foreach (var (from, to) in _ranges)
        {
            long a = from == Star ? largest : from, b = to == Star ? largest : to;
            if (n >= Math.Min(a, b) && n <= Math.Max(a, b)) return true;
        }
        return false;
    }

    /// <summary>Sequence sets in responses: ascending, ranges joined (COPYUID, APPENDUID, SEARCH results stay lists).</summary>
    public static string Format(IEnumerable<long> numbers)
    {
        var parts = new List<string>();
        long start = -1, last = -1;
        foreach (var n in numbers.Order())
        {
            if (start < 0) { start = last = n; continue; }
            if (n == last + 1) { last = n; continue; }
            parts.Add(start == last ? Text(start) : $"{Text(start)}:{Text(last)}");
            start = last = n;
        }
        if (start >= 0) parts.Add(start == last ? Text(start) : $"{Text(start)}:{Text(last)}");
        return string.Join(',', parts);
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);
}
