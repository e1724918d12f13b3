using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mizugiwa.Core.State;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// Fingerprints of known spam parts in the shared state store, so that every node that shares the
/// store (Redis) sees what any node or the CLI added. Exact fingerprints are looked up by key;
/// fuzzy ones through LSH buckets and confirmed against the stored signature. Every key carries
/// <see cref="FingerprintOptions.TimeToLive"/> and adding the same part again refreshes it.
/// Thread-safe; see docs/FINGERPRINTS.md.
/// </summary>
public sealed class FingerprintDatabase
{
    private readonly IStateStore _store;
    private readonly FingerprintOptions _options;
    private readonly TimeProvider _time;
    private readonly string _parameters;

    public FingerprintDatabase(IStateStore store, FingerprintOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new FingerprintOptions();
        _options.Validate();
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
        _parameters = string.Create(CultureInfo.InvariantCulture, $"v1 k={_options.ShingleLength} n={_options.HashFunctions}");
    }

    public FingerprintOptions Options => _options;

    /// <summary>Whether <paramref name="text"/> has the form of a fingerprint id (16 lower-case hex digits).</summary>
    public static bool IsId(string text) => FingerprintKeys.IsId(text);

    /// <summary>Stores the fingerprints of every part of a known spam; <paramref name="source"/> (e.g. the file name) is kept for the listing.</summary>
    public async Task<FingerprintAddResult> AddAsync(ContentMessage message, string? source = null, CancellationToken cancellationToken = default)
    {
        var stored = new List<StoredFingerprint>();
        var skipped = new List<SkippedPart>();
        var subject = message.Mime.Subject;
        var added = _time.GetUtcNow();
        var signatures = new List<MinHashSignature>();
        var exactHashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in PartFingerprints.Of(message, _options))
        {
            if (part.ExactHash is null)
                skipped.Add(new SkippedPart(part.Description, FingerprintKind.Exact, $"{part.Size} bytes, below the minimum of {_options.ExactMinimumBytes}"));
            else if (!exactHashes.Add(part.ExactHash))
                skipped.Add(new SkippedPart(part.Description, FingerprintKind.Exact, "same content as another part of the message"));
            else
            {
                var record = new ExactRecord(part.Description, part.Size, subject, source, added);
                await _store.SetAsync(FingerprintKeys.Exact(part.ExactHash), FingerprintJson.Write(record), _options.TimeToLive, cancellationToken);
                stored.Add(new StoredFingerprint(FingerprintKeys.IdOfExact(part.ExactHash), FingerprintKind.Exact, part.Description, $"{part.Size} bytes"));
            }
            if (part.Text is null) continue;
            var signature = MinHashSignature.Of(part.Text, _options);
            if (signature is null)
            {
                skipped.Add(new SkippedPart(part.Description, FingerprintKind.Fuzzy, $"fewer than {_options.MinimumWords} words"));
                continue;
            }
            // The text and HTML versions of one body are one fingerprint, not two.
            if (signatures.Any(s => s.Similarity(signature) >= _options.SimilarityThreshold))
            {
                skipped.Add(new SkippedPart(part.Description, FingerprintKind.Fuzzy, "same text as another part of the message"));
                continue;
            }
            signatures.Add(signature);
            var id = FuzzyId(signature);
            var signatureRecord = new SignatureRecord(_parameters, signature.Encode(), signature.Words, part.Description, subject, source, added);
            await _store.SetAsync(FingerprintKeys.Signature(id), FingerprintJson.Write(signatureRecord), _options.TimeToLive, cancellationToken);
            await Task.WhenAll(BandKeys(signature).Select(key => AddToBandAsync(key, id, cancellationToken)));
            stored.Add(new StoredFingerprint(id, FingerprintKind.Fuzzy, part.Description, $"{signature.Words} words"));
        }
        return new FingerprintAddResult(stored, skipped);
    }

    /// <summary>Removes the fingerprint(s) with this id (exact and/or fuzzy); false when there was none.</summary>
    public async Task<bool> RemoveAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!FingerprintKeys.IsId(id)) return false;
        bool removed = false;
        foreach (var exact in await _store.ListAsync(FingerprintKeys.ExactPrefix + id, cancellationToken))
            removed |= await _store.DeleteAsync(exact.Key, cancellationToken);
        var signatureEntry = await _store.GetAsync(FingerprintKeys.Signature(id), cancellationToken);
        if (signatureEntry is not null
            && FingerprintJson.ReadSignature(signatureEntry.Value) is { } record
            && MinHashSignature.Decode(record.Signature, record.Words) is { } signature
            && record.Parameters == _parameters)
        {
            await Task.WhenAll(BandKeys(signature).Select(key => RemoveFromBandAsync(key, id, cancellationToken)));
        }
        // Buckets of a signature made with other parameters are left to expire: they name an id that no longer exists.
        removed |= await _store.DeleteAsync(FingerprintKeys.Signature(id), cancellationToken);
        return removed;
    }

    /// <summary>Every live fingerprint, exact and fuzzy, by id.</summary>
    public async Task<IReadOnlyList<FingerprintEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<FingerprintEntry>();
        foreach (var entry in await _store.ListAsync(FingerprintKeys.ExactPrefix, cancellationToken))
        {
            if (FingerprintJson.ReadExact(entry.Value) is not { } record) continue;
            var hash = entry.Key[FingerprintKeys.ExactPrefix.Length..];
            if (hash.Length < FingerprintKeys.IdLength) continue;
            entries.Add(new FingerprintEntry(FingerprintKeys.IdOfExact(hash), FingerprintKind.Exact, record.Part, record.Subject, record.Source, record.Added, entry.ExpiresAt));
        }
        foreach (var entry in await _store.ListAsync(FingerprintKeys.SignaturePrefix, cancellationToken))
        {
            if (FingerprintJson.ReadSignature(entry.Value) is not { } record) continue;
            entries.Add(new FingerprintEntry(entry.Key[FingerprintKeys.SignaturePrefix.Length..], FingerprintKind.Fuzzy, record.Part, record.Subject, record.Source, record.Added, entry.ExpiresAt));
        }
        entries.Sort((a, b) => a.Added != b.Added ? a.Added.CompareTo(b.Added) : string.CompareOrdinal(a.Id, b.Id));
        return entries;
    }

    /// <summary>
    /// The parts of <paramref name="message"/> that match stored fingerprints: every exact match, and for
    /// each text part without an exact match its most similar fuzzy fingerprint at or above the threshold.
    /// </summary>
    public async Task<IReadOnlyList<FingerprintMatch>> MatchAsync(ContentMessage message, CancellationToken cancellationToken = default)
    {
        var parts = PartFingerprints.Of(message, _options);
        var exactLookups = await LookUpExactAsync(parts, cancellationToken);
        var matches = new List<FingerprintMatch>();
        int fuzzyLookups = 0;
        for (int i = 0; i < parts.Count; i++)
        {
            if (exactLookups[i] is not null)
                matches.Add(new FingerprintMatch(FingerprintKeys.IdOfExact(parts[i].ExactHash!), FingerprintKind.Exact, parts[i].Description, 1.0));
            else if (parts[i].Text is { } text && fuzzyLookups < _options.MaximumFuzzyLookups && MinHashSignature.Of(text, _options) is { } signature)
            {
                fuzzyLookups++;
                if (await BestFuzzyMatchAsync(signature, cancellationToken) is { } best)
                    matches.Add(new FingerprintMatch(best.Id, FingerprintKind.Fuzzy, parts[i].Description, best.Similarity));
            }
        }
        return matches;
    }

    /// <summary>The stored exact fingerprint of each part (null for parts without one or past the lookup limit), in one round trip.</summary>
    private async Task<StateEntry?[]> LookUpExactAsync(List<PartFingerprint> parts, CancellationToken cancellationToken)
    {
        var asked = Enumerable.Range(0, Math.Min(parts.Count, _options.MaximumExactLookups)).Where(i => parts[i].ExactHash is not null).ToList();
        var found = await _store.GetManyAsync(asked.Select(i => FingerprintKeys.Exact(parts[i].ExactHash!)).ToList(), cancellationToken);
        var entries = new StateEntry?[parts.Count];
        for (int j = 0; j < asked.Count; j++) entries[asked[j]] = found[j];
        return entries;
    }

    private async Task<(string Id, double Similarity)?> BestFuzzyMatchAsync(MinHashSignature signature, CancellationToken cancellationToken)
    {
        var buckets = await _store.GetManyAsync(BandKeys(signature).ToList(), cancellationToken);
        var candidates = buckets.Where(b => b is not null).SelectMany(b => Ids(b!.Value))
            .GroupBy(id => id, StringComparer.Ordinal).OrderByDescending(g => g.Count()) // most shared bands first
            .Select(g => g.Key).Take(_options.MaximumCandidates).ToList();
        if (candidates.Count == 0) return null;
        var stored = await _store.GetManyAsync(candidates.Select(FingerprintKeys.Signature).ToList(), cancellationToken);
        (string Id, double Similarity)? best = null;
        for (int i = 0; i < candidates.Count; i++)
        {
            if (stored[i] is null || FingerprintJson.ReadSignature(stored[i]!.Value) is not { } record || record.Parameters != _parameters) continue;
            if (MinHashSignature.Decode(record.Signature, record.Words) is not { } other) continue;
            var similarity = signature.Similarity(other);
            if (similarity >= _options.SimilarityThreshold && (best is null || similarity > best.Value.Similarity)) best = (candidates[i], similarity);
        }
        return best;
    }

    private IEnumerable<string> BandKeys(MinHashSignature signature) =>
        signature.BandHashes(_options.Bands).Select((hash, band) => FingerprintKeys.Band(band, hash));

    /// <summary>Puts the id first in the bucket (newest first, at most <see cref="FingerprintOptions.MaximumIdsPerBand"/>) and refreshes its TTL.</summary>
    private async Task AddToBandAsync(string key, string id, CancellationToken cancellationToken)
    {
        var current = await _store.GetAsync(key, cancellationToken);
        var ids = new List<string> { id };
        if (current is not null) ids.AddRange(Ids(current.Value).Where(other => other != id));
        if (ids.Count > _options.MaximumIdsPerBand) ids.RemoveRange(_options.MaximumIdsPerBand, ids.Count - _options.MaximumIdsPerBand);
        await _store.SetAsync(key, string.Join(' ', ids), _options.TimeToLive, cancellationToken);
    }

    private async Task RemoveFromBandAsync(string key, string id, CancellationToken cancellationToken)
    {
        var current = await _store.GetAsync(key, cancellationToken);
        if (current is null) return;
        var ids = Ids(current.Value).ToList();
        if (!ids.Remove(id)) return;
        var left = current.ExpiresAt - _time.GetUtcNow();
        if (ids.Count == 0 || left <= TimeSpan.Zero) await _store.DeleteAsync(key, cancellationToken);
        else await _store.SetAsync(key, string.Join(' ', ids), left, cancellationToken);
    }

    private static IEnumerable<string> Ids(string bucket) =>
        bucket.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(FingerprintKeys.IsId);

    /// <summary>The start of the SHA-256 of the signature: the same text gives the same id, so adding it again refreshes it.</summary>
    private static string FuzzyId(MinHashSignature signature) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(signature.Encode())))[..FingerprintKeys.IdLength];
}
