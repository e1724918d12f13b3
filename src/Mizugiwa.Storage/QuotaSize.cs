using System.Globalization;

namespace Mizugiwa.Storage;

/// <summary>Mailbox sizes as people write them: a number of bytes, or with K, M, G or T (powers of 1024), e.g. "500M", "2G".</summary>
public static class QuotaSize
{
    /// <summary>The size in bytes, or a <see cref="DirectoryException"/> saying what is wrong with <paramref name="text"/>.</summary>
    public static long Parse(string text)
    {
        var t = text.Trim();
        if (t.Length == 0) throw new DirectoryException("the quota size is empty: give bytes or a number with K, M, G or T, e.g. 500M");
        var unit = char.ToUpperInvariant(t[^1]);
        var shift = unit switch { 'K' => 10, 'M' => 20, 'G' => 30, 'T' => 40, _ => 0 };
        var digits = shift == 0 ? t : t[..^1];
        if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            throw new DirectoryException($"quota '{text}' is not a size: give a positive number of bytes or a number with K, M, G or T, e.g. 500M or 2G");
        if (number > long.MaxValue >> shift) throw new DirectoryException($"quota '{text}' is too large");
        return number << shift;
    }

    /// <summary>Null ("no quota of its own") for empty text or "none", as the web forms and the API take it; otherwise as <see cref="Parse"/>.</summary>
    public static long? ParseOptional(string? text) =>
        string.IsNullOrWhiteSpace(text) || text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null : Parse(text);

    /// <summary>The shortest exact spelling: 2147483648 is "2G", 1500 stays "1500".</summary>
    public static string Format(long bytes)
    {
        foreach (var (suffix, shift) in new[] { ("T", 40), ("G", 30), ("M", 20), ("K", 10) })
            if (bytes >= 1L << shift && bytes % (1L << shift) == 0) return (bytes >> shift).ToString(CultureInfo.InvariantCulture) + suffix;
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
