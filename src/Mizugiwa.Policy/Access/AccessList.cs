using System.Net;

namespace Mizugiwa.Policy.Access;

/// <summary>
/// The access rules as the checks see them: a snapshot of the store, reloaded when older than
/// <paramref name="refresh"/>, so that `mizugiwa access add` takes effect on a running server.
/// Deny wins over allow when both match.
/// </summary>
public sealed class AccessList(IAccessRuleStore store, TimeProvider time, TimeSpan refresh)
{
    private IReadOnlyList<AccessRule> _rules = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;
    private readonly SemaphoreSlim _reload = new(1, 1);

    public async ValueTask<AccessRule?> FindAsync(IPAddress client, CancellationToken cancellationToken) =>
        Decide((await RulesAsync(cancellationToken)).Where(r => r.Matches(client)));

    public async ValueTask<AccessRule?> FindAsync(AccessKind kind, string? value, CancellationToken cancellationToken) =>
        Decide((await RulesAsync(cancellationToken)).Where(r => r.Kind == kind && r.Matches(value)));

    private static AccessRule? Decide(IEnumerable<AccessRule> matches)
    {
        AccessRule? allow = null;
        foreach (var rule in matches)
        {
            if (rule.Action == AccessAction.Deny) return rule;
            allow ??= rule;
        }
        return allow;
    }

    private async ValueTask<IReadOnlyList<AccessRule>> RulesAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _loadedAt < refresh) return _rules;
        await _reload.WaitAsync(cancellationToken);
        try
        {
            if (time.GetUtcNow() - _loadedAt >= refresh)
            {
                _rules = await store.ListAsync(cancellationToken);
                _loadedAt = time.GetUtcNow();
            }
            return _rules;
        }
        finally
        {
            _reload.Release();
        }
    }
}
