namespace Mizugiwa.Content.Rules;

/// <summary>What a rule's pattern is matched against.</summary>
public enum RuleKind
{
    /// <summary>Header values chosen by a <see cref="HeaderSelector"/>.</summary>
    Header,
    /// <summary>The decoded text of every text part, HTML turned into text.</summary>
    Body,
    /// <summary>The body octets as received (transfer encodings left in place), read as Latin-1.</summary>
    RawBody,
    /// <summary>Each URL of the message.</summary>
    Uri,
}
