namespace Mizugiwa.Policy.Access;

/// <summary>Where the access lists live: SQLite beside an embedded server, PostgreSQL when several servers share a directory.</summary>
public interface IAccessRuleStore
{
    /// <summary>Adds or replaces the rule for (kind, pattern); an invalid pattern is an <see cref="ArgumentException"/> naming the problem.</summary>
    Task AddAsync(AccessRule rule, CancellationToken cancellationToken);

    /// <summary>Returns false when there was no such rule.</summary>
    Task<bool> RemoveAsync(AccessKind kind, string pattern, CancellationToken cancellationToken);

    /// <summary>Every rule, ordered by kind and pattern.</summary>
    Task<IReadOnlyList<AccessRule>> ListAsync(CancellationToken cancellationToken);
}
