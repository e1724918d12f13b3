using System.Buffers.Binary;
using System.Text;

namespace Mizugiwa.Milter.Protocol;

/// <summary>Reads the data of a command: NUL-terminated strings, the connect and macro layouts, the negotiation words.</summary>
internal static class MilterFields
{
    private static readonly Encoding Utf8Strict = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>The NUL-terminated strings of <paramref name="data"/> as raw bytes; the data must end with a NUL.</summary>
    public static List<byte[]> Strings(ReadOnlySpan<byte> data, string what)
    {
        var strings = new List<byte[]>();
        while (!data.IsEmpty)
        {
            var end = data.IndexOf((byte)0);
            if (end < 0) throw new MilterProtocolException($"{what}: a string without its terminating NUL");
            strings.Add(data[..end].ToArray());
            data = data[(end + 1)..];
        }
        return strings;
    }

    /// <summary>Text for the envelope and the log: UTF-8, or Latin-1 when the bytes are not UTF-8 (so nothing is lost).</summary>
    public static string Text(byte[] bytes)
    {
        try { return Utf8Strict.GetString(bytes); }
        catch (DecoderFallbackException) { return Encoding.Latin1.GetString(bytes); }
    }

    /// <summary>SMFIC_OPTNEG: version, actions, protocol steps (32 bits each, big-endian).</summary>
    public static (uint Version, MilterActions Actions, MilterSteps Steps) Negotiation(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12) throw new MilterProtocolException($"option negotiation of {data.Length} bytes, 12 expected");
        return (BinaryPrimitives.ReadUInt32BigEndian(data), (MilterActions)BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            (MilterSteps)BinaryPrimitives.ReadUInt32BigEndian(data[8..]));
    }

    /// <summary>SMFIC_CONNECT: host name, family ('4', '6', 'L' or 'U'), and for the first three a port and an address.</summary>
    public static MilterConnectInfo Connect(ReadOnlySpan<byte> data)
    {
        var nameEnd = data.IndexOf((byte)0);
        if (nameEnd < 0 || nameEnd + 1 >= data.Length) throw new MilterProtocolException("connect: no host name or no address family");
        var host = Text(data[..nameEnd].ToArray());
        var family = (char)data[nameEnd + 1];
        var rest = data[(nameEnd + 2)..];
        if (family == 'U') return new MilterConnectInfo(host, family, 0, "");
        if (rest.Length < 3) throw new MilterProtocolException($"connect: family '{family}' without port and address");
        var port = BinaryPrimitives.ReadUInt16BigEndian(rest);
        var address = Strings(rest[2..], "connect address");
        if (address.Count != 1) throw new MilterProtocolException("connect: more than one address");
        return new MilterConnectInfo(host, family, port, Text(address[0]));
    }

    /// <summary>SMFIC_MACRO: the command the macros belong to, then name and value strings in pairs.</summary>
    public static (byte Stage, List<(string Name, string Value)> Macros) Macros(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) throw new MilterProtocolException("macros without the command they belong to");
        var strings = Strings(data[1..], "macros");
        if (strings.Count % 2 != 0) throw new MilterProtocolException("macros: a name without a value");
        var macros = new List<(string, string)>(strings.Count / 2);
        for (var i = 0; i < strings.Count; i += 2) macros.Add((Text(strings[i]), Text(strings[i + 1])));
        return (data[0], macros);
    }
}

/// <summary>What SMFIC_CONNECT says about the SMTP client.</summary>
/// <param name="HostName">The verified name, or "[address]" when there is none (Sendmail's form; Postfix sends it too).</param>
/// <param name="Family">'4' (IPv4), '6' (IPv6), 'L' (a local socket) or 'U' (unknown).</param>
internal sealed record MilterConnectInfo(string HostName, char Family, ushort Port, string Address);
