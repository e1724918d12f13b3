using System.Text;

namespace Mizugiwa.Storage.Import;

/// <summary>
/// RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR; a field in double quotes may
/// hold commas, newlines and doubled quotes. A leading byte order mark and blank lines are skipped.
/// </summary>
public static class CsvParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 (with or without BOM) and parses; a <see cref="CsvFormatException"/> names the first bad line.</summary>
    public static IReadOnlyList<CsvRecord> Parse(byte[] utf8) => Parse(Decode(utf8));

    public static IReadOnlyList<CsvRecord> Parse(string text)
    {
        var records = new List<CsvRecord>();
        var field = new StringBuilder();
        int i = text.StartsWith('\uFEFF') ? 1 : 0, line = 1;
        while (i < text.Length)
        {
            int recordLine = line;
            var fields = new List<string>();
            while (true)
            {
                if (i < text.Length && text[i] == '"') i = ReadQuoted(text, i + 1, field, ref line, recordLine);
                else i = ReadPlain(text, i, field, line);
                fields.Add(field.ToString());
                field.Clear();
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    continue;
                }
                if (i < text.Length && text[i] == '\r') i++;
                if (i < text.Length && text[i] == '\n') i++;
                line++;
                break;
            }
            if (fields is not [""]) records.Add(new CsvRecord(recordLine, fields));
        }
        return records;
    }

    private static int ReadQuoted(string text, int i, StringBuilder field, ref int line, int recordLine)
    {
        while (true)
        {
            if (i >= text.Length) throw new CsvFormatException(recordLine, "a quoted field is not closed");
            char c = text[i++];
            if (c == '"')
            {
                if (i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                    continue;
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    throw new CsvFormatException(line, "text after the closing quote of a field");
                return i;
            }
            if (c == '\n') line++;
            field.Append(c);
        }
    }

    private static int ReadPlain(string text, int i, StringBuilder field, int line)
    {
        for (; i < text.Length && text[i] is not (',' or '\r' or '\n'); i++)
        {
            if (text[i] == '"') throw new CsvFormatException(line, "a quote inside an unquoted field (quote the whole field and double the quote)");
            field.Append(text[i]);
        }
        return i;
    }

    /// <summary>Strict UTF-8: an invalid byte sequence is an error naming its line.</summary>
    private static string Decode(byte[] bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            int line = 1;
            for (int start = 0; start < bytes.Length; line++)
            {
                int end = Array.IndexOf(bytes, (byte)'\n', start);
                if (end < 0) end = bytes.Length;
                try { StrictUtf8.GetString(bytes, start, end - start); }
                catch (DecoderFallbackException) { break; }
                start = end + 1;
            }
            throw new CsvFormatException(line, "the file is not valid UTF-8");
        }
    }
}
