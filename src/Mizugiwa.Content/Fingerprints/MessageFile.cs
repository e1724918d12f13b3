namespace Mizugiwa.Content.Fingerprints;

/// <summary>Reads a message saved as a file (.eml, or one message in mbox form with a leading "From " line) for the fingerprint commands.</summary>
public static class MessageFile
{
    public static ContentMessage Read(byte[] raw)
    {
        var start = 0;
        if (raw.AsSpan().StartsWith("From "u8))
        {
            var newline = raw.AsSpan().IndexOf((byte)'\n');
            start = newline < 0 ? raw.Length : newline + 1;
        }
        return ContentMessageReader.Read(raw.AsMemory(start), ContentEnvelope.None);
    }
}
