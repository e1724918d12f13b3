namespace Mizugiwa.Content.Fingerprints;

public enum FingerprintKind
{
    /// <summary>SHA-256 of a part's decoded content.</summary>
    Exact,
    /// <summary>MinHash signature of a text part's word shingles.</summary>
    Fuzzy,
}

/// <summary>A fingerprint that <see cref="FingerprintDatabase.AddAsync"/> stored (or refreshed).</summary>
public sealed record StoredFingerprint(string Id, FingerprintKind Kind, string Part, string Detail);

/// <summary>A part that got no fingerprint of a kind, and why (e.g. too short).</summary>
public sealed record SkippedPart(string Part, FingerprintKind Kind, string Reason);

public sealed record FingerprintAddResult(IReadOnlyList<StoredFingerprint> Stored, IReadOnlyList<SkippedPart> Skipped);

/// <summary>A fingerprint in the store, as <c>fingerprint list</c> shows it.</summary>
public sealed record FingerprintEntry(string Id, FingerprintKind Kind, string Part, string? Subject, string? Source, DateTimeOffset Added, DateTimeOffset ExpiresAt);

/// <summary>A part of a message that matched a stored fingerprint.</summary>
/// <param name="Similarity">1 for exact; the estimated Jaccard similarity for fuzzy.</param>
public sealed record FingerprintMatch(string Id, FingerprintKind Kind, string Part, double Similarity);
