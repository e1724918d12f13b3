using System.Net;

namespace Mizugiwa.Content;

/// <summary>What the SMTP session knew about a message when its content was scanned.</summary>
/// <param name="ClientAddress">The connecting client (IPv4-mapped addresses already unmapped); null when scanned offline without one.</param>
/// <param name="ClientName">The client's verified PTR name, or null.</param>
/// <param name="Helo">The EHLO/HELO argument, or null.</param>
/// <param name="Sender">The MAIL FROM address; empty for the null sender.</param>
/// <param name="Recipients">The accepted RCPT TO addresses.</param>
/// <param name="AuthenticatedUser">The SMTP AUTH identity, or null.</param>
public sealed record ContentEnvelope(
    IPAddress? ClientAddress,
    string? ClientName,
    string? Helo,
    string Sender,
    IReadOnlyList<string> Recipients,
    string? AuthenticatedUser = null)
{
    /// <summary>A message read from disk, not from a session: no client, sender or recipients.</summary>
    public static ContentEnvelope None { get; } = new(null, null, null, "", []);
}
