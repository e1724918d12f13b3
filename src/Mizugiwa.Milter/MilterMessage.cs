using System.Buffers;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>One header as the MTA sent it: raw name and value bytes, and the text the header edits are decided on.</summary>
internal sealed record ReceivedField(byte[] Name, byte[] Value)
{
    public string NameText { get; } = MilterFields.Text(Name);
    /// <summary>The value with its folds as CRLF (the MTA separates folded lines with LF alone).</summary>
    public string ValueText { get; } = MilterFields.Text(MilterMessage.WithCrlf(Value));
}

/// <summary>
/// The message as the MTA hands it over: header fields one by one, then body chunks (lines already end in CRLF).
/// At most <c>maxSize</c> octets are kept; a larger message is only counted, since it will not be scanned.
/// </summary>
internal sealed class MilterMessage(long maxSize, bool valuesHaveLeadingSpace)
{
    private readonly List<ReceivedField> _headers = [];
    private readonly ArrayBufferWriter<byte> _body = new();
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    public IReadOnlyList<ReceivedField> Headers => _headers;
    /// <summary>The body as received (kept only while the message is not too large).</summary>
    public ReadOnlySpan<byte> Body => _body.WrittenSpan;
    /// <summary>Octets received so far: header lines (with CRLF), the blank line, the body.</summary>
    public long Size { get; private set; } = Crlf.Length;
    public bool TooLarge => Size > maxSize;

    public void AddHeader(byte[] name, byte[] value)
    {
        var field = new ReceivedField(name, value);
        Size += name.Length + 1 + (valuesHaveLeadingSpace ? 0 : 1) + WithCrlf(value).Length + Crlf.Length;
        if (!TooLarge) _headers.Add(field);
    }

    public void AddBody(ReadOnlySpan<byte> chunk)
    {
        Size += chunk.Length;
        if (!TooLarge) _body.Write(chunk);
    }

    /// <summary>The whole message as it will be queued: <paramref name="prefix"/> (our Received), the header section as received, CRLF, the body.</summary>
    public byte[] Build(ReadOnlySpan<byte> prefix)
    {
        if (TooLarge) throw new InvalidOperationException("a message larger than the scan limit is not kept");
        var output = new ArrayBufferWriter<byte>((int)Math.Min(int.MaxValue, prefix.Length + Size));
        output.Write(prefix);
        foreach (var field in _headers)
        {
            output.Write(field.Name);
            output.Write(valuesHaveLeadingSpace ? ":"u8 : ": "u8);
            output.Write(WithCrlf(field.Value));
            output.Write(Crlf);
        }
        output.Write(Crlf);
        output.Write(_body.WrittenSpan);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Folded header lines come separated by LF alone (Sendmail's form, which Postfix follows): make each a CRLF.</summary>
    public static byte[] WithCrlf(byte[] value)
    {
        if (value.AsSpan().IndexOf((byte)'\n') < 0) return value;
        var output = new List<byte>(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\n' && (i == 0 || value[i - 1] != '\r')) output.Add((byte)'\r');
            output.Add(value[i]);
        }
        return [.. output];
    }
}
