using System.Buffers;

namespace Mizugiwa.Pop3;

/// <summary>
/// Turns a stored message into its POP3 form, chunk by chunk: every line ends in CRLF whether it was stored
/// with CRLF or a bare LF, a line starting with '.' gets another '.' in front (RFC 1939 §3), and a last line
/// without an ending gets one. <see cref="Octets"/> counts what is sent without the stuffing, which is the size
/// LIST and STAT give. With <c>bodyLines</c> (TOP) it stops after the header section, the blank line and that
/// many body lines. Without an output it only counts.
/// </summary>
internal sealed class WireFormatter(IBufferWriter<byte>? output, int? bodyLines = null)
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    private bool _atLineStart = true;
    private bool _pendingCr;
    private bool _inBody;
    private int _bodyLinesLeft = bodyLines ?? 0;

    public long Octets { get; private set; }

    /// <summary>TOP has sent all it was asked for; the rest of the message is not needed.</summary>
    public bool Done { get; private set; } = bodyLines < 0;

    public void Write(ReadOnlySpan<byte> data)
    {
        while (!Done && data.Length > 0)
        {
            if (_pendingCr)
            {
                _pendingCr = false;
                if (data[0] == (byte)'\n')
                {
                    EndLine();
                    data = data[1..];
                    continue;
                }
                Content("\r"u8);
            }
            int lf = data.IndexOf((byte)'\n');
            if (lf < 0)
            {
                // A CR at the end of a chunk may be half of a CRLF: decide when the next byte comes.
                if (data[^1] == (byte)'\r')
                {
                    _pendingCr = true;
                    data = data[..^1];
                }
                Content(data);
                return;
            }
            var line = data[..lf];
            if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
            Content(line);
            EndLine();
            data = data[(lf + 1)..];
        }
    }

    /// <summary>The end of the stored message: finishes a last line that had no line ending.</summary>
    public void Complete()
    {
        if (Done) return;
        if (_pendingCr)
        {
            _pendingCr = false;
            Content("\r"u8);
        }
        if (!_atLineStart) EndLine();
    }

    private void Content(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0) return;
        if (_atLineStart && bytes[0] == (byte)'.') output?.Write("."u8);
        output?.Write(bytes);
        Octets += bytes.Length;
        _atLineStart = false;
    }

    private void EndLine()
    {
        bool blank = _atLineStart;
        output?.Write(Crlf);
        Octets += 2;
        _atLineStart = true;
        if (bodyLines is null) return;
        if (_inBody) Done = --_bodyLinesLeft <= 0;
        else if (blank)
        {
            _inBody = true;
            Done = _bodyLinesLeft <= 0;
        }
    }
}
