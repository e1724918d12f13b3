namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// RFC 5321 §4.5.3.1.6: a text line is at most 998 octets before its CRLF. The MX accepts longer lines
/// (Limits:MaxTextLineLength, as Postfix does), so a message that has one is re-encoded before it is relayed
/// (<see cref="MimeKit.MimeMessage.Prepare"/>: the parts with long lines become quoted-printable or base64),
/// where Postfix would fold the lines; a strict next hop would refuse it as it is.
/// </summary>
/// <remarks>A pass-through stream: the lines are measured while the message is read for parsing.</remarks>
internal sealed class SmtpLineLimit(Stream inner) : Stream
{
    public const int MaxOctets = 998;

    private int _length;

    /// <summary>Whether a line longer than <see cref="MaxOctets"/> (CR and LF not counted) has been read through this stream.</summary>
    public bool Exceeded { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Watch(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Watch(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        return Watch(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Watch(ReadOnlySpan<byte> read)
    {
        foreach (var octet in read)
        {
            if (octet == (byte)'\n') _length = 0;
            else if (octet != (byte)'\r' && ++_length > MaxOctets) Exceeded = true;
        }
        return read.Length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
