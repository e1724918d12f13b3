using System.Globalization;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>
/// A MinHash signature of a text's set of word shingles: value i is the smallest of
/// h_i(shingle) over all shingles, h_i(x) = fmix64(x XOR seed_i) with seeds from a fixed SplitMix64
/// sequence, kept as its upper 32 bits. The share of equal values of two signatures estimates the
/// Jaccard similarity of the two shingle sets.
/// </summary>
public sealed class MinHashSignature
{
    private const ulong SeedBase = 0x6D697A7567697761UL; // "mizugiwa"

    private MinHashSignature(uint[] values, int words) => (Values, Words) = (values, words);

    public IReadOnlyList<uint> Values { get; }

    /// <summary>Words the text had (after normalisation), for the record.</summary>
    public int Words { get; }

    /// <summary>The signature of <paramref name="text"/> (without its trailing footer, see <see cref="TrailingFooter"/>), or null when it has fewer than <see cref="FingerprintOptions.MinimumWords"/> words.</summary>
    public static MinHashSignature? Of(string text, FingerprintOptions options)
    {
        var words = FingerprintText.Words(TrailingFooter.Strip(text), options.MaximumWords);
        if (words.Count < options.MinimumWords) return null;
        var shingles = Shingles(words, options.ShingleLength);
        var values = new uint[options.HashFunctions];
        for (int i = 0; i < values.Length; i++)
        {
            var seed = StableHash.SplitMix(SeedBase, i);
            var min = ulong.MaxValue;
            foreach (var shingle in shingles)
            {
                var h = StableHash.Mix(shingle ^ seed);
                if (h < min) min = h;
            }
            values[i] = (uint)(min >> 32);
        }
        return new MinHashSignature(values, words.Count);
    }

    /// <summary>The estimated Jaccard similarity: the share of positions where both signatures agree (0 when their lengths differ).</summary>
    public double Similarity(MinHashSignature other)
    {
        if (other.Values.Count != Values.Count) return 0;
        int same = 0;
        for (int i = 0; i < Values.Count; i++)
        {
            if (Values[i] == other.Values[i]) same++;
        }
        return (double)same / Values.Count;
    }

    /// <summary>One hash per LSH band (rows of consecutive values), as 16 hex digits.</summary>
    public IReadOnlyList<string> BandHashes(int bands)
    {
        var rows = Values.Count / bands;
        var hashes = new string[bands];
        for (int band = 0; band < bands; band++)
        {
            var hash = (ulong)band;
            for (int row = 0; row < rows; row++) hash = StableHash.Combine(hash, Values[band * rows + row]);
            hashes[band] = hash.ToString("x16", CultureInfo.InvariantCulture);
        }
        return hashes;
    }

    /// <summary>Base64 of the values, little-endian.</summary>
    public string Encode()
    {
        var bytes = new byte[Values.Count * 4];
        for (int i = 0; i < Values.Count; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), Values[i]);
        return Convert.ToBase64String(bytes);
    }

    public static MinHashSignature? Decode(string encoded, int words)
    {
        byte[] bytes;
        try { bytes = Convert.FromBase64String(encoded); }
        catch (FormatException) { return null; }
        if (bytes.Length == 0 || bytes.Length % 4 != 0) return null;
        var values = new uint[bytes.Length / 4];
        for (int i = 0; i < values.Length; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i * 4));
        return new MinHashSignature(values, words);
    }

    private static HashSet<ulong> Shingles(List<string> words, int length)
    {
        var wordHashes = words.ConvertAll(w => StableHash.Of(w));
        var shingles = new HashSet<ulong>();
        for (int start = 0; start + length <= wordHashes.Count; start++)
        {
            ulong hash = (ulong)length;
            for (int j = 0; j < length; j++) hash = StableHash.Combine(hash, wordHashes[start + j]);
            shingles.Add(hash);
        }
        return shingles;
    }
}
