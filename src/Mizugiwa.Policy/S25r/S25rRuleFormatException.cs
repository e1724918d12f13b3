namespace Mizugiwa.Policy.S25r;

/// <summary>A rule file line that cannot be used; the message names the source, the line and the reason.</summary>
public sealed class S25rRuleFormatException : FormatException
{
    public S25rRuleFormatException(string sourceName, int lineNumber, string reason)
        : base($"{sourceName} line {lineNumber}: {reason}")
    {
        SourceName = sourceName;
        LineNumber = lineNumber;
        Reason = reason;
    }

    public S25rRuleFormatException() : this("rules", 0, "bad rule") { }
    public S25rRuleFormatException(string message) : base(message) { SourceName = "rules"; Reason = message; }
    public S25rRuleFormatException(string message, Exception innerException) : base(message, innerException) { SourceName = "rules"; Reason = message; }

    public string SourceName { get; }
    public int LineNumber { get; }
    public string Reason { get; }
}
