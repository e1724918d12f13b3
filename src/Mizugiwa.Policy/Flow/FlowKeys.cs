namespace Mizugiwa.Policy.Flow;

/// <summary>The state-store keys of flow control.</summary>
internal static class FlowKeys
{
    public static string Concurrent(SourceScope scope) => "flow:concurrent:" + scope.Key;
    public static string Connections(SourceScope scope) => "flow:connections:" + scope.Key;
    public static string Messages(SourceScope scope) => "flow:messages:" + scope.Key;
    public static string Recipients(SourceScope scope) => "flow:recipients:" + scope.Key;
}
