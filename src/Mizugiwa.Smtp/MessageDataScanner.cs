using System.Buffers;

namespace Mizugiwa.Smtp;

/// <summary>
/// Reads message content as it arrives, without I/O and without ever holding more than one
/// text line: undoes dot-stuffing, finds the end of DATA, and notes the faults that make us
/// refuse the message. The rules against SMTP smuggling:
/// <list type="bullet">
/// <item>Only &lt;CRLF&gt;.&lt;CRLF&gt; ends DATA: a "." line counts only when the line before ended in CRLF.</item>
/// <item>A bare LF or a bare CR anywhere in the content marks the message; it is refused with 550 5.6.0
/// once the real end of data is seen (as Postfix's smtpd_forbid_bare_newline = reject), so a
/// message that hides another one after "&lt;LF&gt;.&lt;LF&gt;" is never accepted in any form.</item>
/// </list>
/// The same scanner checks BDAT chunks (no dot-stuffing, no end marker; RFC 3030).
/// </summary>
public sealed class MessageDataScanner(bool dotStuffed, int maxLineLength, long maxSize)
{
    private bool _atLineStart = true;
    private bool _midLine;
    private int _lineLength;

    public long Size { get; private set; }
    public bool SizeExceeded { get; private set; }
    public bool BareLineEnding { get; private set; }
    public bool LineTooLong { get; private set; }
    public bool Finished { get; private set; }

    /// <summary>Counts octets we add before the client's data (our Received header) against the size limit.</summary>
    public void AddPrefix(long octets) => Size += octets;

    /// <summary>
    /// Consumes what it can from <paramref name="buffer"/>, writing content to <paramref name="sink"/>
    /// (nothing is written once the size limit is passed). Returns the position up to which input was used;
    /// an incomplete line is left for the next call unless it is already too long.
    /// With <paramref name="isFinalChunk"/> (BDAT) every octet is used.
    /// </summary>
    public SequencePosition Scan(ReadOnlySequence<byte> buffer, IBufferWriter<byte> sink, bool isFinalChunk = false)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (!Finished && !reader.End)
        {
            if (reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n', advancePastDelimiter: true))
            {
                ProcessLine(line, endsWithLf: true, sink);
                continue;
            }
            var rest = reader.UnreadSequence;
            if (isFinalChunk)
            {
                ProcessLine(rest, endsWithLf: false, sink);
                reader.Advance(rest.Length);
            }
            else if (rest.Length > maxLineLength + 2)
            {
                // Keep the last octet back: it may be the CR of a CRLF split across reads.
                var head = rest.Slice(0, rest.Length - 1);
                ProcessLine(head, endsWithLf: false, sink);
                reader.Advance(head.Length);
            }
            break;
        }
        return reader.Position;
    }

    private void ProcessLine(ReadOnlySequence<byte> content, bool endsWithLf, IBufferWriter<byte> sink)
    {
        bool endsWithCrLf = endsWithLf && content.Length > 0 && SequenceBytes.Last(content) == (byte)'\r';
        var body = endsWithCrLf ? content.Slice(0, content.Length - 1) : content;

        if (dotStuffed && !_midLine && _atLineStart && endsWithCrLf && body.Length == 1 && SequenceBytes.First(body) == (byte)'.')
        {
            Finished = true;
            return;
        }
        if (dotStuffed && !_midLine && _atLineStart && body.Length > 0 && SequenceBytes.First(body) == (byte)'.')
            body = body.Slice(1);

        if (body.PositionOf((byte)'\r') is not null) BareLineEnding = true;
        if (endsWithLf && !endsWithCrLf) BareLineEnding = true;

        _lineLength += (int)Math.Min(body.Length, int.MaxValue - _lineLength);
        if (_lineLength > maxLineLength) LineTooLong = true;

        Write(body, sink);
        if (endsWithLf) Write(endsWithCrLf ? "\r\n"u8 : "\n"u8, sink);

        _midLine = !endsWithLf;
        _atLineStart = endsWithCrLf;
        if (endsWithLf) _lineLength = 0;
    }

    private void Write(ReadOnlySequence<byte> data, IBufferWriter<byte> sink)
    {
        foreach (var segment in data) Write(segment.Span, sink);
    }

    private void Write(ReadOnlySpan<byte> data, IBufferWriter<byte> sink)
    {
        Size += data.Length;
        if (Size > maxSize) SizeExceeded = true;
        if (!SizeExceeded) sink.Write(data);
    }

    /// <summary>
    /// Scans one piece of a BDAT chunk. Pieces end anywhere, even between CR and LF, so an incomplete
    /// line is carried to the next piece (it is at most one text line long).
    /// </summary>
    public void ScanChunkPiece(ReadOnlySequence<byte> piece, IBufferWriter<byte> sink, bool isLastPieceOfLastChunk)
    {
        var input = piece;
        if (_carry.Length > 0)
        {
            var joined = new byte[_carry.Length + piece.Length];
            _carry.CopyTo(joined, 0);
            piece.CopyTo(joined.AsSpan(_carry.Length));
            input = new ReadOnlySequence<byte>(joined);
        }
        var used = Scan(input, sink, isLastPieceOfLastChunk);
        _carry = input.Slice(used).ToArray();
    }

    private byte[] _carry = [];

}
