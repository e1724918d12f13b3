using System.Text;

namespace Mizugiwa.Delivery;

/// <summary>
/// The header section at the start of a queued message, read without parsing the body: each field's
/// name, its raw bytes (folded lines included) and its unfolded value. Read at most
/// <see cref="MaxLength"/> bytes; a longer header section is treated as having no end (null).
/// </summary>
internal sealed class HeaderBlock
{
    public const int MaxLength = 256 * 1024;

    public sealed record Field(string Name, int Start, int End, string Value);

    private HeaderBlock(byte[] bytes, int length, List<Field> fields)
    {
        Bytes = bytes;
        Length = length;
        Fields = fields;
    }

    /// <summary>The bytes read (at least the header section).</summary>
    public byte[] Bytes { get; }

    /// <summary>Where the header section ends: the offset of the empty line that ends it.</summary>
    public int Length { get; }

    public IReadOnlyList<Field> Fields { get; }

    public IEnumerable<string> Values(string name) =>
        Fields.Where(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(f => f.Value);

    public static async Task<HeaderBlock?> ReadAsync(string path, long contentLength, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        var buffer = new byte[(int)Math.Min(contentLength, MaxLength)];
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return Parse(buffer.AsSpan(0, read).ToArray());
    }

    public static HeaderBlock? Parse(byte[] bytes)
    {
        var fields = new List<Field>();
        var position = 0;
        while (position < bytes.Length)
        {
            if (bytes[position] == '\n' || (bytes[position] == '\r' && position + 1 < bytes.Length && bytes[position + 1] == '\n'))
                return new HeaderBlock(bytes, position, fields);
            var end = position;
            do
            {
                var newline = Array.IndexOf(bytes, (byte)'\n', end);
                if (newline < 0) return null;
                end = newline + 1;
            }
            while (end < bytes.Length && bytes[end] is (byte)' ' or (byte)'\t');
            var text = Encoding.UTF8.GetString(bytes, position, end - position);
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
                fields.Add(new Field(text[..colon].Trim(), position, end, text[(colon + 1)..].Replace("\r\n", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal).Trim()));
            position = end;
        }
        return null;
    }
}
