using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Mizugiwa.Delivery.Outbound.MtaSts;

/// <summary>A domain's policy as last fetched: the TXT id it was fetched under and when it stops counting.</summary>
public sealed record CachedMtaStsPolicy(string Id, MtaStsPolicy Policy, DateTimeOffset Expires);

/// <summary>
/// The policies fetched so far, by domain, in memory and in a JSON file (RFC 8461 §5.1: a cached policy is what defends
/// against an attacker who removes the TXT record or blocks the HTTPS fetch, so it must outlive a restart).
/// A policy counts until its max_age has passed; the file is written whole and renamed into place.
/// A file that cannot be read is moved aside to ".bad" and logged, and the cache starts empty.
/// </summary>
public sealed class MtaStsPolicyCache
{
    private readonly Dictionary<string, CachedMtaStsPolicy> _policies = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private readonly Lock _fileGate = new();
    private readonly string? _path;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="path">The JSON file; null keeps the cache in memory only.</param>
    public MtaStsPolicyCache(string? path, TimeProvider time, ILogger logger)
    {
        _path = path;
        _time = time;
        _logger = logger;
        if (path is not null) Load(path);
    }

    /// <summary>The domain's policy unless it has expired.</summary>
    public CachedMtaStsPolicy? Get(string domain)
    {
        lock (_gate)
        {
            if (!_policies.TryGetValue(domain, out var cached)) return null;
            if (cached.Expires > _time.GetUtcNow()) return cached;
            _policies.Remove(domain);
            return null;
        }
    }

    /// <summary>Keeps <paramref name="policy"/> for its max_age from now, and writes the file.</summary>
    public CachedMtaStsPolicy Put(string domain, string id, MtaStsPolicy policy)
    {
        var cached = new CachedMtaStsPolicy(id, policy, _time.GetUtcNow() + policy.MaxAge);
        List<MtaStsCacheEntry> snapshot;
        lock (_gate)
        {
            _policies[domain] = cached;
            var now = _time.GetUtcNow();
            snapshot = [.. _policies.Where(p => p.Value.Expires > now).Select(p => MtaStsCacheEntry.Of(p.Key, p.Value))];
        }
        Save(snapshot);
        return cached;
    }

    private void Save(List<MtaStsCacheEntry> snapshot)
    {
        if (_path is null) return;
        try
        {
            lock (_fileGate)
            {
                string temporary = _path + ".tmp";
                File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(snapshot, MtaStsCacheJsonContext.Default.ListMtaStsCacheEntry));
                File.Move(temporary, _path, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("MTA-STS policy cache {Path} cannot be written: {Error}; policies are kept in memory", _path, e.Message);
        }
    }

    private void Load(string path)
    {
        if (!File.Exists(path)) return;
        try
        {
            var entries = JsonSerializer.Deserialize(File.ReadAllBytes(path), MtaStsCacheJsonContext.Default.ListMtaStsCacheEntry) ?? [];
            var now = _time.GetUtcNow();
            foreach (var e in entries)
            {
                if (e.Domain is null || e.Id is null || e.Mx is null) throw new JsonException("an entry lacks domain, id or mx");
                if (e.Expires > now) _policies[e.Domain] = new CachedMtaStsPolicy(e.Id, new MtaStsPolicy(e.Mode, e.Mx, TimeSpan.FromSeconds(e.MaxAgeSeconds)), e.Expires);
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("MTA-STS policy cache {Path} cannot be read ({Error}); moved to {BadPath}, starting empty", path, e.Message, path + ".bad");
            _policies.Clear();
            try { File.Move(path, path + ".bad", overwrite: true); }
            catch (IOException) { }
        }
    }
}

/// <summary>One line of the cache file.</summary>
internal sealed record MtaStsCacheEntry(string Domain, string Id, MtaStsMode Mode, IReadOnlyList<string> Mx, long MaxAgeSeconds, DateTimeOffset Expires)
{
    public static MtaStsCacheEntry Of(string domain, CachedMtaStsPolicy c) =>
        new(domain, c.Id, c.Policy.Mode, c.Policy.MxPatterns, (long)c.Policy.MaxAge.TotalSeconds, c.Expires);
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, WriteIndented = true)]
[JsonSerializable(typeof(List<MtaStsCacheEntry>))]
internal sealed partial class MtaStsCacheJsonContext : JsonSerializerContext;
