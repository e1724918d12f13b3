using System.Buffers;

namespace Mizugiwa.Smtp;

/// <summary>
/// Keeps a copy of a message as it is spooled, for the content filter, up to a size limit: a larger
/// message drops its copy and is not scanned (as other filters skip big messages).
/// </summary>
internal sealed class ContentCapture(long limit)
{
    private ArrayBufferWriter<byte>? _buffer = new();

    /// <summary>The message was larger than the limit; nothing is kept.</summary>
    public bool Overflowed => _buffer is null;

    public ReadOnlyMemory<byte> Written => _buffer?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer is null) return;
        if (_buffer.WrittenCount + data.Length > limit)
        {
            _buffer = null;
            return;
        }
        _buffer.Write(data);
    }
}
