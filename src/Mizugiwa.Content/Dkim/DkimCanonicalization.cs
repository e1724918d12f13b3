using System.Text;

namespace Mizugiwa.Content.Dkim;

/// <summary>The "simple" and "relaxed" canonicalization algorithms (RFC 6376 §3.4), shared by DKIM and ARC.</summary>
public static class DkimCanonicalization
{
    /// <summary>One header field without its final CRLF (§3.4.1 simple, §3.4.2 relaxed).</summary>
    public static string Header(string field, bool relaxed)
    {
        if (!relaxed) return field;
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        var name = field[..colon].TrimEnd(' ', '\t').ToLowerInvariant();
        var value = new StringBuilder(field.Length - colon);
        bool space = false;
        foreach (var c in field.AsSpan(colon + 1))
        {
            if (c is '\r' or '\n') continue; // unfold
            if (c is ' ' or '\t') { space = true; continue; }
            if (space && value.Length > 0) value.Append(' ');
            space = false;
            value.Append(c);
        }
        return name + ":" + value;
    }

    /// <summary>
    /// Writes the canonical body (§3.4.3 simple, §3.4.4 relaxed) to <paramref name="output"/>: lines end in
    /// CRLF, trailing empty lines go; an empty simple body is one CRLF, an empty relaxed body is empty
    /// (RFC 6376 erratum 3770). Streams line by line, so no copy of the body is made.
    /// </summary>
    public static void Body(ReadOnlySpan<byte> body, bool relaxed, Stream output)
    {
        int pendingEmptyLines = 0;
        bool wroteAny = false;
        int pos = 0;
        while (pos < body.Length)
        {
            var lf = body[pos..].IndexOf((byte)'\n');
            var line = lf < 0 ? body[pos..] : body[pos..(pos + lf)];
            pos = lf < 0 ? body.Length : pos + lf + 1;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (relaxed) line = line.TrimEnd(" \t"u8);
            if (line.Length == 0) { pendingEmptyLines++; continue; }
            for (; pendingEmptyLines > 0; pendingEmptyLines--) output.Write("\r\n"u8);
            if (relaxed) WriteRelaxed(line, output);
            else output.Write(line);
            output.Write("\r\n"u8);
            wroteAny = true;
        }
        if (!wroteAny && !relaxed) output.Write("\r\n"u8);
    }

    /// <summary>The canonical body as octets (for tests and small bodies).</summary>
    public static byte[] Body(ReadOnlySpan<byte> body, bool relaxed)
    {
        using var output = new MemoryStream();
        Body(body, relaxed, output);
        return output.ToArray();
    }

    /// <summary>A line without trailing white space, each run of SP/HTAB written as one SP.</summary>
    private static void WriteRelaxed(ReadOnlySpan<byte> line, Stream output)
    {
        while (line.Length > 0)
        {
            var ws = line.IndexOfAny(" \t"u8);
            if (ws < 0) { output.Write(line); return; }
            output.Write(line[..ws]);
            output.WriteByte((byte)' ');
            line = line[ws..].TrimStart(" \t"u8);
        }
    }

    /// <summary>
    /// The field with the value of its b= tag emptied (§3.7: "the value of the b= tag ... deleted"),
    /// everything else, white space included, kept as it is.
    /// </summary>
    public static string WithoutSignature(string field)
    {
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        int start = colon + 1;
        while (start <= field.Length)
        {
            var semicolon = field.IndexOf(';', start);
            var end = semicolon < 0 ? field.Length : semicolon;
            var equals = field.IndexOf('=', start);
            if (equals >= 0 && equals < end && field[start..equals].Trim(' ', '\t', '\r', '\n') == "b")
                return field[..(equals + 1)] + field[end..];
            start = end + 1;
        }
        return field;
    }
}
