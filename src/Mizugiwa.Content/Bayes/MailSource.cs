using System.Text;
using System.Text.RegularExpressions;

namespace Mizugiwa.Content.Bayes;

/// <summary>A path given for training does not exist or cannot be read.</summary>
public sealed class MailSourceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One raw message read from a source, with where it came from and how far into the source's bytes it ends.</summary>
public sealed record SourceMessage(string Origin, byte[] Raw, long EndOffset);

/// <summary>
/// The messages under a path: a Maildir (its cur and new folders), a folder of message files (recursive,
/// hidden files skipped), or one file. A file whose first line is an mbox "From " line is read as an
/// mbox (split at "From " lines after a blank line, "&gt;From " unquoted); any other file is one message.
/// </summary>
public static partial class MailSource
{
    [GeneratedRegex(@"^From \S*\s+[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{1,2}:\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^>+From ", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedFromLine();

    /// <summary>The files to read, in a stable order; throws <see cref="MailSourceException"/> for a missing path.</summary>
    public static IReadOnlyList<string> Files(string path)
    {
        if (File.Exists(path)) return [path];
        if (!Directory.Exists(path)) throw new MailSourceException($"'{path}' does not exist");
        try
        {
            var cur = Path.Combine(path, "cur");
            var @new = Path.Combine(path, "new");
            if (Directory.Exists(cur) || Directory.Exists(@new))
                return [.. new[] { cur, @new }.Where(Directory.Exists).SelectMany(d => Directory.EnumerateFiles(d)).Where(IsVisible).Order(StringComparer.Ordinal)];
            return [.. Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false })
                .Where(IsVisible).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MailSourceException($"cannot read '{path}': {e.Message}", e);
        }
    }

    private static bool IsVisible(string file) => !Path.GetFileName(file).StartsWith('.');

    /// <summary>The messages of one file (mbox or single message).</summary>
    public static IEnumerable<SourceMessage> Read(string file)
    {
        FileStream stream;
        try { stream = File.OpenRead(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MailSourceException($"cannot read '{file}': {e.Message}", e);
        }
        using (stream)
        {
            var lines = new LineReader(stream);
            var first = lines.Next();
            if (first is null) yield break;
            if (!IsFromLine(first))
            {
                var whole = new MemoryStream();
                whole.Write(first);
                stream.Position = lines.Consumed;
                stream.CopyTo(whole);
                yield return new SourceMessage(file, whole.ToArray(), stream.Length);
                yield break;
            }
            var message = new MemoryStream();
            var index = 0;
            var previousBlank = false;
            while (lines.Next() is { } line)
            {
                if (previousBlank && IsFromLine(line))
                {
                    yield return new SourceMessage($"{file}#{index++}", WithoutLastBlankLine(message), lines.Consumed - line.Length);
                    message = new MemoryStream();
                    previousBlank = false;
                    continue;
                }
                if (line.Length > 5 && line[0] == '>' && QuotedFromLine().IsMatch(Encoding.Latin1.GetString(line, 0, Math.Min(line.Length, 64))))
                    message.Write(line, 1, line.Length - 1);
                else message.Write(line);
                previousBlank = line is [(byte)'\n'] or [(byte)'\r', (byte)'\n'];
            }
            if (message.Length > 0) yield return new SourceMessage($"{file}#{index}", message.ToArray(), lines.Consumed);
        }
    }

    private static bool IsFromLine(byte[] line) =>
        line.Length > 5 && line[0] == 'F' && FromLine().IsMatch(Encoding.Latin1.GetString(line, 0, Math.Min(line.Length, 200)));

    private static byte[] WithoutLastBlankLine(MemoryStream message)
    {
        var bytes = message.ToArray();
        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == '\n') length--;
        if (length > 0 && bytes[length - 1] == '\r') length--;
        return bytes[..length];
    }

    /// <summary>Lines with their terminators, read through a buffer.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start, _end;

        public long Consumed { get; private set; }

        public byte[]? Next()
        {
            var line = new MemoryStream();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = stream.Read(_buffer, 0, _buffer.Length);
                    if (_end == 0) return line.Length > 0 ? Take(line) : null;
                }
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline + 1;
                line.Write(_buffer, _start, stop - _start);
                _start = stop;
                if (newline >= 0) return Take(line);
            }
        }

        private byte[] Take(MemoryStream line)
        {
            Consumed += line.Length;
            return line.ToArray();
        }
    }
}
