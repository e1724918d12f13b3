using System.Net;

namespace Mizugiwa.Content.Spf;

/// <summary>The values macros expand to (RFC 7208 §7.2).</summary>
/// <param name="Sender">&lt;sender&gt;, always local-part@domain (postmaster when the local-part was missing).</param>
/// <param name="Domain">&lt;domain&gt;: the domain whose record is being evaluated.</param>
/// <param name="Ip">&lt;ip&gt;, IPv4-mapped addresses already unmapped.</param>
/// <param name="Helo">The HELO/EHLO argument, or "" without one.</param>
/// <param name="ValidatedName">%{p}: set by the evaluator when the string uses p.</param>
/// <param name="ReceiverDomain">%{r}.</param>
/// <param name="Now">%{t}.</param>
public sealed record SpfMacroContext(
    string Sender,
    string Domain,
    IPAddress Ip,
    string Helo,
    string? ValidatedName,
    string ReceiverDomain,
    DateTimeOffset Now);
