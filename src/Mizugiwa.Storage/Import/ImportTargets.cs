namespace Mizugiwa.Storage.Import;

/// <summary>What an import is checked against: the local domains and the (lower-cased) addresses already taken by accounts and aliases.</summary>
public sealed record ImportTargets(IReadOnlySet<string> LocalDomains, IReadOnlySet<string> AccountKeys, IReadOnlySet<string> AliasKeys);
