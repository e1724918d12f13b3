namespace Mizugiwa.Content.Headers;

/// <param name="FutureTolerance">How far ahead of now a Date may be before DATE_IN_FUTURE (clock skew and time-zone mistakes stay below it).</param>
/// <param name="PastTolerance">How far behind now a Date may be before DATE_IN_PAST (queued and slow mail stays below it).</param>
public sealed record DateHeaderOptions(TimeSpan FutureTolerance, TimeSpan PastTolerance)
{
    public static readonly DateHeaderOptions Default = new(TimeSpan.FromHours(12), TimeSpan.FromDays(4));
}
