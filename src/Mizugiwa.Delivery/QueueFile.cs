using System.Buffers.Binary;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

/// <summary>
/// The format of a queue file <c>queue/&lt;id&gt;.msg</c>: the message content as received, then a
/// trailer: the envelope as UTF-8 JSON, its length in bytes as a little-endian 64-bit integer, and
/// the 8 ASCII bytes <c>MZQUEUE1</c>. The trailer is appended and fsynced before the 250, so it is
/// the commit marker: a file whose tail is not a valid trailer with a parsable envelope for the
/// file's own queue id was never acknowledged.
/// </summary>
internal static class QueueFile
{
    private const int FooterLength = 16;

    private static ReadOnlySpan<byte> Magic => "MZQUEUE1"u8;

    /// <summary>The bytes to append after the content to commit the message.</summary>
    public static byte[] Trailer(MessageEnvelope envelope)
    {
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(envelope, EnvelopeJsonContext.Default.MessageEnvelope);
        var trailer = new byte[json.Length + FooterLength];
        json.CopyTo(trailer, 0);
        BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(json.Length), json.Length);
        Magic.CopyTo(trailer.AsSpan(json.Length + 8));
        return trailer;
    }

    /// <summary>Reads the envelope of a committed queue file; null when there is no such file.</summary>
    /// <exception cref="InvalidDataException">The file has no valid trailer: it was never committed.</exception>
    public static QueuedMessage? Read(string path)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        using (handle)
        {
            long fileLength = RandomAccess.GetLength(handle);
            if (fileLength < FooterLength) throw Invalid("too short for a trailer");
            Span<byte> footer = stackalloc byte[FooterLength];
            ReadExactly(handle, footer, fileLength - FooterLength);
            if (!footer[8..].SequenceEqual(Magic)) throw Invalid("no commit marker");
            long jsonLength = BinaryPrimitives.ReadInt64LittleEndian(footer);
            if (jsonLength <= 0 || jsonLength > Math.Min(fileLength - FooterLength, Array.MaxLength)) throw Invalid($"envelope length {jsonLength} out of range");
            var json = new byte[jsonLength];
            long contentLength = fileLength - FooterLength - jsonLength;
            ReadExactly(handle, json, contentLength);
            return new QueuedMessage(Parse(json, path), contentLength);
        }
    }

    private static MessageEnvelope Parse(byte[] json, string path)
    {
        MessageEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(json, EnvelopeJsonContext.Default.MessageEnvelope);
        }
        catch (JsonException e)
        {
            throw Invalid($"unreadable envelope ({e.Message})");
        }
        if (envelope is null || envelope.QueueId != Path.GetFileNameWithoutExtension(path))
            throw Invalid("envelope of another message");
        return envelope;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            int read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0) throw Invalid("shorter than it was a moment ago");
            buffer = buffer[read..];
            offset += read;
        }
    }

    private static InvalidDataException Invalid(string reason) => new($"no valid queue file trailer: {reason}");
}
