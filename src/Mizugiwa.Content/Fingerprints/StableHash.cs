namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// Hashes that are the same in every process and on every node (string.GetHashCode is randomised
/// per process): FNV-1a 64 over UTF-16 code units, and the MurmurHash3 64-bit finaliser as a mixer.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = FnvOffset;
        foreach (var c in text)
        {
            hash = (hash ^ (byte)c) * FnvPrime;
            hash = (hash ^ (byte)(c >> 8)) * FnvPrime;
        }
        return Mix(hash);
    }

    /// <summary>Combines a running hash with one more value; order matters.</summary>
    public static ulong Combine(ulong hash, ulong value) => Mix((hash * 31UL) ^ value);

    /// <summary>MurmurHash3's fmix64: every input bit affects every output bit.</summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>The i-th value of the SplitMix64 sequence from <paramref name="seed"/>: the MinHash seeds.</summary>
    public static ulong SplitMix(ulong seed, int index)
    {
        var z = seed + (ulong)(index + 1) * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
