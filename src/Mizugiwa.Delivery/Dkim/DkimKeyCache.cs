using System.Text;
using Microsoft.Extensions.Logging;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>
/// The active keys of the store, loaded once and kept. At most every <c>checkInterval</c> the index and
/// the active key files are looked at (size and modification time); when any changed, all is reloaded.
/// A key that cannot be loaded is logged and left out; its domain signs with its other key, if any.
/// </summary>
internal sealed class DkimKeyCache(DkimKeyStore store, TimeProvider time, TimeSpan checkInterval, ILogger logger)
{
    private readonly Lock _reload = new();
    private Snapshot? _snapshot;

    public IReadOnlyList<DkimSigningKey> KeysFor(string domain) =>
        Current().Keys.TryGetValue(domain, out var keys) ? keys : [];

    private Snapshot Current()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is not null && time.GetUtcNow() - snapshot.CheckedAt < checkInterval) return snapshot;
        lock (_reload)
        {
            snapshot = _snapshot;
            var now = time.GetUtcNow();
            if (snapshot is not null && now - snapshot.CheckedAt < checkInterval) return snapshot;
            var fingerprint = Fingerprint(snapshot?.Files ?? []);
            snapshot = snapshot is not null && fingerprint == snapshot.Fingerprint
                ? snapshot with { CheckedAt = now }
                : Load(snapshot, now);
            Volatile.Write(ref _snapshot, snapshot);
            return snapshot;
        }
    }

    private Snapshot Load(Snapshot? previous, DateTimeOffset now)
    {
        IReadOnlyList<(string Domain, string Selector, DkimAlgorithm Algorithm, string Path)> active;
        try { active = store.ActiveKeyFiles(); }
        catch (Exception e) when (e is DkimKeyException or IOException or UnauthorizedAccessException)
        {
            logger.LogError("DKIM: cannot read the key index, keeping the keys loaded before: {Problem}", e.Message);
            var keep = previous ?? new Snapshot(new Dictionary<string, IReadOnlyList<DkimSigningKey>>(), [], "", now);
            return keep with { Fingerprint = Fingerprint(keep.Files), CheckedAt = now };
        }
        var files = active.Select(a => a.Path).ToList();
        var fingerprint = Fingerprint(files); // before reading, so a change while reading shows next time
        var keys = new Dictionary<string, List<DkimSigningKey>>(StringComparer.Ordinal);
        foreach (var (domain, selector, algorithm, path) in active)
        {
            try
            {
                var key = DkimPrivateKey.FromFile(path);
                if (key.Algorithm != algorithm)
                    throw new DkimKeyException($"the index names it as the {algorithm.Name()} key, but it holds an {key.Algorithm.Name()} key");
                if (!keys.TryGetValue(domain, out var list)) keys[domain] = list = [];
                list.Add(new DkimSigningKey(domain, selector, key));
            }
            catch (Exception e) when (e is DkimKeyException or IOException or UnauthorizedAccessException)
            {
                logger.LogError("DKIM: key {Path} of {Domain} is not used: {Problem}", path, domain, e.Message);
            }
        }
        logger.LogInformation("DKIM: {Count} signing key(s) loaded for {Domains} domain(s)", keys.Sum(k => k.Value.Count), keys.Count);
        return new Snapshot(keys.ToDictionary(k => k.Key, k => (IReadOnlyList<DkimSigningKey>)k.Value, StringComparer.Ordinal), files, fingerprint, now);
    }

    private string Fingerprint(IReadOnlyList<string> files)
    {
        var text = new StringBuilder();
        foreach (var path in files.Prepend(store.IndexPath))
        {
            var info = new FileInfo(path);
            text.Append(path).Append(info.Exists ? $":{info.LastWriteTimeUtc.Ticks}:{info.Length}" : ":missing").Append('|');
        }
        return text.ToString();
    }

    private sealed record Snapshot(IReadOnlyDictionary<string, IReadOnlyList<DkimSigningKey>> Keys, IReadOnlyList<string> Files, string Fingerprint, DateTimeOffset CheckedAt);
}
