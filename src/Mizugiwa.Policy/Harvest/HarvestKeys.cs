using Mizugiwa.Policy.Flow;

namespace Mizugiwa.Policy.Harvest;

/// <summary>The state-store keys of the harvest guard.</summary>
internal static class HarvestKeys
{
    public const string BlockPrefix = "harvest:block:";
    public const string GlobalUnknown = "harvest:unknown-all";

    public static string Block(SourceScope scope) => BlockPrefix + scope.Key;
    public static string Offences(SourceScope scope) => "harvest:offences:" + scope.Key;
    public static string Released(SourceScope scope) => "harvest:released:" + scope.Key;
    public static string Unknown(SourceScope scope) => "harvest:unknown:" + scope.Key;
    public static string Recipients(SourceScope scope) => "harvest:recipients:" + scope.Key;
    public static string RcptOnly(SourceScope scope) => "harvest:rcpt-only:" + scope.Key;
}
