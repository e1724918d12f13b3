namespace Mizugiwa.Policy.Helo;

/// <summary>
/// The local domains as the HELO check sees them: a set in memory, loaded from the directory and
/// reloaded when older than the refresh interval (so a domain added with the CLI is known within it).
/// Until the first load succeeds, and while reloading fails, the last set (possibly empty) is used.
/// </summary>
public sealed class LocalDomainSnapshot(Func<CancellationToken, Task<IReadOnlyList<string>>> listDomains, TimeProvider time, TimeSpan refresh)
{
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromSeconds(5);

    private HashSet<string> _domains = new(StringComparer.OrdinalIgnoreCase);
    private long _loadedAt = long.MinValue;
    private readonly SemaphoreSlim _reload = new(1, 1);

    public async ValueTask<bool> ContainsAsync(string domain, CancellationToken cancellationToken)
    {
        if (IsStale()) await ReloadAsync(cancellationToken);
        return _domains.Contains(domain);
    }

    private bool IsStale() => _loadedAt == long.MinValue || time.GetElapsedTime(_loadedAt) >= refresh;

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        // One reload at a time; the others use the set they have unless there is none yet.
        if (!await _reload.WaitAsync(_loadedAt == long.MinValue ? Timeout.InfiniteTimeSpan : TimeSpan.Zero, cancellationToken)) return;
        try
        {
            if (!IsStale()) return;
            var domains = await listDomains(cancellationToken);
            _domains = new HashSet<string>(domains.Select(d => d.TrimEnd('.')), StringComparer.OrdinalIgnoreCase);
            _loadedAt = time.GetTimestamp();
        }
        finally
        {
            _reload.Release();
        }
    }
}
