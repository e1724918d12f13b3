namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// Settings of the fingerprint database (docs/FINGERPRINTS.md). Changing <see cref="ShingleLength"/>,
/// <see cref="HashFunctions"/> or <see cref="Bands"/> makes fuzzy fingerprints stored before unmatched
/// (they carry the parameters they were made with) until they are added again; exact ones are unaffected.
/// </summary>
public sealed record FingerprintOptions
{
    /// <summary>How long a fingerprint lives after it was last added (adding it again refreshes it). Default 180 days.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromDays(180);

    /// <summary>Estimated Jaccard similarity of the shingle sets from which a fuzzy candidate counts as a match. Default 0.5.</summary>
    public double SimilarityThreshold { get; init; } = 0.5;

    /// <summary>Texts with fewer words (CJK: character bigrams) are not fuzzy-fingerprinted. Default 20.</summary>
    public int MinimumWords { get; init; } = 20;

    /// <summary>Words per shingle. Default 3.</summary>
    public int ShingleLength { get; init; } = 3;

    /// <summary>MinHash functions, i.e. values in a signature. Default 128.</summary>
    public int HashFunctions { get; init; } = 128;

    /// <summary>LSH bands; each has <see cref="HashFunctions"/> / <see cref="Bands"/> rows. Default 32 (4 rows).</summary>
    public int Bands { get; init; } = 32;

    /// <summary>Parts (text: its whitespace-collapsed text in UTF-8) smaller than this get no exact fingerprint. Default 128 bytes.</summary>
    public int ExactMinimumBytes { get; init; } = 128;

    /// <summary>Words read from one text part at most, so a huge part costs bounded time. Default 20,000.</summary>
    public int MaximumWords { get; init; } = 20_000;

    /// <summary>Fingerprint ids kept per band bucket (newest first). Default 8.</summary>
    public int MaximumIdsPerBand { get; init; } = 8;

    /// <summary>Candidates confirmed per text part at most (each costs one read of a signature). Default 16.</summary>
    public int MaximumCandidates { get; init; } = 16;

    /// <summary>Parts of a scanned message looked up exactly at most (the first ones), so a message of a thousand parts costs bounded reads. Default 50.</summary>
    public int MaximumExactLookups { get; init; } = 50;

    /// <summary>Text parts of a scanned message looked up fuzzily at most (each costs one read per band). Default 10.</summary>
    public int MaximumFuzzyLookups { get; init; } = 10;

    public int RowsPerBand => HashFunctions / Bands;

    public void Validate()
    {
        if (TimeToLive <= TimeSpan.Zero) throw new ArgumentException("TimeToLive must be positive.");
        if (SimilarityThreshold is <= 0 or > 1) throw new ArgumentException("SimilarityThreshold must be in (0, 1].");
        if (ShingleLength is < 1 or > 16) throw new ArgumentException("ShingleLength must be between 1 and 16.");
        if (MinimumWords < ShingleLength) throw new ArgumentException("MinimumWords must be at least ShingleLength.");
        if (HashFunctions is < 8 or > 1024) throw new ArgumentException("HashFunctions must be between 8 and 1024.");
        if (Bands < 1 || HashFunctions % Bands != 0) throw new ArgumentException("Bands must divide HashFunctions.");
        if (ExactMinimumBytes < 1 || MaximumWords < MinimumWords) throw new ArgumentException("Size limits must be positive.");
        if (MaximumIdsPerBand < 1 || MaximumCandidates < 1) throw new ArgumentException("Candidate limits must be positive.");
        if (MaximumExactLookups < 1 || MaximumFuzzyLookups < 1) throw new ArgumentException("Lookup limits must be positive.");
    }
}
