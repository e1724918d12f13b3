using System.Globalization;
using System.Text.RegularExpressions;
using Mizugiwa.Content.Dkim;

namespace Mizugiwa.Content.Arc;

/// <summary>The three header fields of one ARC instance (RFC 8617 §4.1), with the tags of the seal and the signature.</summary>
public sealed partial record ArcSet(int Instance, RawHeaderField Results, RawHeaderField Signature, DkimTagList SignatureTags, RawHeaderField Seal, DkimTagList SealTags)
{
    public const string SealName = "ARC-Seal";
    public const string SignatureName = "ARC-Message-Signature";
    public const string ResultsName = "ARC-Authentication-Results";

    /// <summary>The instance of an ARC field: i= of the tag list, or the leading "i=N;" of an AAR; null when unreadable.</summary>
    public static int? InstanceOf(RawHeaderField field)
    {
        string? text;
        if (field.Is(ResultsName))
        {
            var m = AarInstance().Match(field.Value);
            text = m.Success ? m.Groups[1].Value : null;
        }
        else text = DkimTagList.TryParse(field.Value, out var tags) ? tags["i"] : null;
        return text is { Length: > 0 and <= 2 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i is >= 1 and <= ArcChainVerifier.MaxInstances
            ? i : null;
    }

    public static bool IsArcField(RawHeaderField field) => field.Is(SealName) || field.Is(SignatureName) || field.Is(ResultsName);

    [GeneratedRegex(@"^[ \t\r\n]*i[ \t\r\n]*=[ \t\r\n]*([0-9]+)[ \t\r\n]*;", RegexOptions.CultureInvariant)]
    private static partial Regex AarInstance();
}
