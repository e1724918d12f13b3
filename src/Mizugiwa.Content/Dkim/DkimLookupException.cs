namespace Mizugiwa.Content.Dkim;

/// <summary>Thrown through MimeKit's verifiers when a key cannot be had; <see cref="Result"/> is temperror or permerror.</summary>
public sealed class DkimLookupException(string result, string reason) : Exception(reason)
{
    public string Result { get; } = result;
}
