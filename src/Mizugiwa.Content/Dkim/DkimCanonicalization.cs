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
    /// The canonical body (§3.4.3 simple, §3.4.4 relaxed): lines end in CRLF, trailing empty lines go;
    /// an empty simple body is one CRLF, an empty relaxed body is empty (RFC 6376 erratum 3770).
    /// </summary>
    public static byte[] Body(ReadOnlySpan<byte> body, bool relaxed)
    {
        var output = new MemoryStream(body.Length + 2);
        int pendingEmptyLines = 0;
        int pos = 0;
        while (pos < body.Length)
        {
            var lf = body[pos..].IndexOf((byte)'\n');
            var line = lf < 0 ? body[pos..] : body[pos..(pos + lf)];
            pos = lf < 0 ? body.Length : pos + lf + 1;
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            var canonical = relaxed ? RelaxLine(line) : line.ToArray();
            if (canonical.Length == 0) { pendingEmptyLines++; continue; }
            for (; pendingEmptyLines > 0; pendingEmptyLines--) output.Write("\r\n"u8);
            output.Write(canonical);
            output.Write("\r\n"u8);
        }
        if (output.Length == 0 && !relaxed) output.Write("\r\n"u8);
        return output.ToArray();
    }

    private static byte[] RelaxLine(ReadOnlySpan<byte> line)
    {
        var result = new List<byte>(line.Length);
        bool space = false;
        foreach (var b in line)
        {
            if (b is (byte)' ' or (byte)'\t') { space = true; continue; }
            if (space) result.Add((byte)' ');
            space = false;
            result.Add(b);
        }
        return [.. result]; // white space at the end of the line is dropped
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
