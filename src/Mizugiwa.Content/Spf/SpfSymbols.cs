namespace Mizugiwa.Content.Spf;

/// <summary>
/// The SPF symbols and their default scores (positive = spammy). A pass is weak evidence (spammers
/// publish SPF too), a fail is strong; the HELO identity weighs about half as much as MAIL FROM
/// because many legitimate servers HELO with names that have no SPF record.
/// </summary>
public static class SpfSymbols
{
    public static readonly IReadOnlyCollection<string> All =
        [.. Enum.GetValues<SpfResult>().SelectMany(r => new[] { For(r, helo: false).Name, For(r, helo: true).Name })];

    public static (string Name, double Score) For(SpfResult result, bool helo) => (helo, result) switch
    {
        (false, SpfResult.Pass) => ("SPF_PASS", -0.2),
        (false, SpfResult.Fail) => ("SPF_FAIL", 3.0),
        (false, SpfResult.SoftFail) => ("SPF_SOFTFAIL", 1.5),
        (false, SpfResult.Neutral) => ("SPF_NEUTRAL", 0.0),
        (false, SpfResult.None) => ("SPF_NONE", 0.3),
        (false, SpfResult.TempError) => ("SPF_TEMPERROR", 0.0),
        (false, SpfResult.PermError) => ("SPF_PERMERROR", 1.0),
        (true, SpfResult.Pass) => ("SPF_HELO_PASS", -0.1),
        (true, SpfResult.Fail) => ("SPF_HELO_FAIL", 1.5),
        (true, SpfResult.SoftFail) => ("SPF_HELO_SOFTFAIL", 0.7),
        (true, SpfResult.Neutral) => ("SPF_HELO_NEUTRAL", 0.0),
        (true, SpfResult.None) => ("SPF_HELO_NONE", 0.1),
        (true, SpfResult.TempError) => ("SPF_HELO_TEMPERROR", 0.0),
        (true, SpfResult.PermError) => ("SPF_HELO_PERMERROR", 0.5),
        _ => throw new ArgumentOutOfRangeException(nameof(result), result, null),
    };
}
