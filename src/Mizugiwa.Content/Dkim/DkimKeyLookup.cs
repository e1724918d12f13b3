namespace Mizugiwa.Content.Dkim;

/// <summary>The outcome of fetching a key record: the key, or the DKIM result the failure maps to (temperror or permerror) and why.</summary>
public sealed record DkimKeyLookup(DkimKeyRecord? Key, string? ErrorResult, string? Reason)
{
    public static DkimKeyLookup Found(DkimKeyRecord key) => new(key, null, null);
    public static DkimKeyLookup TempError(string reason) => new(null, DkimResults.TempError, reason);
    public static DkimKeyLookup PermError(string reason) => new(null, DkimResults.PermError, reason);
}
