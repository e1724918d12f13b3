namespace Mizugiwa.Content.Dkim;

/// <summary>The RFC 8601 §2.7.1 dkim result keywords.</summary>
public static class DkimResults
{
    public const string None = "none";
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Neutral = "neutral";
    public const string TempError = "temperror";
    public const string PermError = "permerror";
}
