using System.Security.Cryptography;

namespace Mizugiwa.Content.Dkim;

/// <summary>The body hash (RFC 6376 §3.7): canonical body, cut to l= octets when given, hashed as it streams.</summary>
public static class DkimBodyHash
{
    /// <summary>
    /// The base64 body hash, or null when l= is longer than the canonical body: the signer cannot have hashed
    /// octets that are not there, so such a signature cannot verify.
    /// </summary>
    public static string? Compute(RawMessage message, string algorithm, bool relaxed, long? length)
    {
        var name = algorithm.EndsWith("-sha1", StringComparison.Ordinal) ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        using var sink = new HashSink(IncrementalHash.CreateHash(name), length);
        DkimCanonicalization.Body(message.Body.Span, relaxed, sink);
        if (length is { } l && sink.Written < l) return null;
        return Convert.ToBase64String(sink.Hash.GetHashAndReset());
    }

    /// <summary>A write-only stream feeding a hash, ignoring what comes after the first <c>limit</c> octets.</summary>
    private sealed class HashSink(IncrementalHash hash, long? limit) : Stream
    {
        public IncrementalHash Hash => hash;

        public long Written { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var take = limit is { } l ? (int)Math.Min(buffer.Length, Math.Max(0, l - Written)) : buffer.Length;
            hash.AppendData(buffer[..take]);
            Written += buffer.Length;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void WriteByte(byte value) => Write([value]);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => Written;
        public override long Position { get => Written; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) hash.Dispose();
            base.Dispose(disposing);
        }
    }
}
