namespace Mizugiwa.Policy.Flow;

/// <summary>Short durations for logs and reports: "90s", "10m", "1h", "7d".</summary>
internal static class DurationText
{
    public static string Format(TimeSpan span)
    {
        if (span <= TimeSpan.Zero) return "0s";
        if (span.Ticks % TimeSpan.TicksPerDay == 0) return $"{span.Ticks / TimeSpan.TicksPerDay}d";
        if (span.Ticks % TimeSpan.TicksPerHour == 0) return $"{span.Ticks / TimeSpan.TicksPerHour}h";
        if (span.Ticks % TimeSpan.TicksPerMinute == 0) return $"{span.Ticks / TimeSpan.TicksPerMinute}m";
        return $"{Math.Ceiling(span.TotalSeconds)}s";
    }
}
