namespace Mizugiwa.Policy.Dns;

/// <summary>One MX record: lower preference first; the host is lower-case without the trailing dot
/// ("" for a null MX, RFC 7505).</summary>
public sealed record MxHost(int Preference, string Host);
