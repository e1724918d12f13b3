using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// What Bayes knows of one message: its distinct tokens, their 64-bit hashes (what the store keeps),
/// and the message's digest (so the same message is never counted twice).
/// </summary>
public sealed class BayesTokens
{
    public BayesTokens(IReadOnlyCollection<string> tokens, byte[] digest)
    {
        Tokens = tokens;
        Digest = digest;
        Hashes = [.. tokens.Select(Hash).Distinct()];
    }

    public IReadOnlyCollection<string> Tokens { get; }
    public IReadOnlyList<long> Hashes { get; }
    public byte[] Digest { get; }

    /// <summary>The first 8 bytes of the token's SHA-256: collisions cannot be crafted against it as against a fast hash.</summary>
    public static long Hash(string token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
