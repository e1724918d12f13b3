using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>One leaf part of a message as the fingerprints see it.</summary>
/// <param name="Description">Content type, and file name if any, e.g. "application/pdf invoice.pdf".</param>
/// <param name="ExactHash">SHA-256 (hex) of the decoded content (text: decoded text, whitespace collapsed), or null when smaller than the minimum.</param>
/// <param name="Text">The decoded text (HTML as text) of a text part, else null.</param>
/// <param name="Size">Bytes hashed.</param>
internal sealed record PartFingerprint(string Description, string? ExactHash, string? Text, long Size);

/// <summary>Reads the leaves of a message (<see cref="MessageParts.Leaves"/>) into <see cref="PartFingerprint"/>s.</summary>
internal static class PartFingerprints
{
    public static List<PartFingerprint> Of(ContentMessage message, FingerprintOptions options)
    {
        var texts = new Dictionary<MimeEntity, TextSection>(ReferenceEqualityComparer.Instance);
        foreach (var section in message.Parts.Texts) texts.TryAdd(section.Part, section);
        var parts = new List<PartFingerprint>(message.Parts.Leaves.Count);
        foreach (var leaf in message.Parts.Leaves)
        {
            var description = Describe(leaf);
            if (texts.TryGetValue(leaf, out var section))
            {
                var bytes = Encoding.UTF8.GetBytes(CollapseWhitespace(section.Text));
                var hash = bytes.Length >= options.ExactMinimumBytes ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : null;
                parts.Add(new PartFingerprint(description, hash, section.Text, bytes.Length));
            }
            else if (leaf is MimePart { Content: { } content })
            {
                using var hashing = new HashingStream();
                content.DecodeTo(hashing);
                var hash = hashing.Length >= options.ExactMinimumBytes ? hashing.HexHash() : null;
                parts.Add(new PartFingerprint(description, hash, null, hashing.Length));
            }
        }
        return parts;
    }

    public static string CollapseWhitespace(string text)
    {
        var collapsed = new StringBuilder(text.Length);
        bool space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = collapsed.Length > 0;
                continue;
            }
            if (space) collapsed.Append(' ');
            space = false;
            collapsed.Append(c);
        }
        return collapsed.ToString();
    }

    private static string Describe(MimeEntity leaf)
    {
        var type = leaf.ContentType.MimeType.ToLowerInvariant();
        return leaf is MimePart { FileName: { Length: > 0 } name } ? $"{type} {name}" : type;
    }

    /// <summary>A write-only stream that hashes and counts what is written (an attachment is never held in memory whole).</summary>
    private sealed class HashingStream : Stream
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _length;

        public string HexHash() => Convert.ToHexStringLower(_hash.GetHashAndReset());

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hash.AppendData(buffer);
            _length += buffer.Length;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
