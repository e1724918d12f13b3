namespace Mizugiwa.Storage;

/// <summary>One alias row: mail to <paramref name="Address"/> goes to <paramref name="Target"/>.</summary>
public sealed record AliasEntry(string Address, string Target);
