using System.Globalization;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;

namespace Mizugiwa.Policy.Harvest;

/// <summary>
/// A source that is answered with temporary failures until <see cref="ExpiresAt"/>. Stored as a key
/// with expiry whose value is "level|reason", so it lifts by itself.
/// </summary>
/// <param name="Level">The offence it punishes: 1 for the first within the offence memory, 2 for the next, …</param>
public sealed record HarvestBlock(SourceScope Source, string Reason, int Level, DateTimeOffset ExpiresAt)
{
    internal string ToValue() => $"{Level.ToString(CultureInfo.InvariantCulture)}|{Reason}";

    internal static HarvestBlock? FromEntry(StateEntry entry)
    {
        if (!entry.Key.StartsWith(HarvestKeys.BlockPrefix, StringComparison.Ordinal)) return null;
        var source = SourceScope.FromKey(entry.Key[HarvestKeys.BlockPrefix.Length..]);
        if (source is null) return null;
        var bar = entry.Value.IndexOf('|', StringComparison.Ordinal);
        var level = bar > 0 && int.TryParse(entry.Value.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        return new HarvestBlock(source, bar >= 0 ? entry.Value[(bar + 1)..] : entry.Value, level, entry.ExpiresAt);
    }

    /// <summary>For logs and the RCPT decision line.</summary>
    public override string ToString() => $"{Source} blocked until {ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (offence {Level}): {Reason}";
}
