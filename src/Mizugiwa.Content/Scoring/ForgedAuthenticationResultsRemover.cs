using MimeKit;

namespace Mizugiwa.Content.Scoring;

/// <summary>
/// Removes incoming Authentication-Results headers that claim our authserv-id (RFC 8601 §5): only our
/// own server may say what it checked; a sender could otherwise pre-write "dkim=pass" for us.
/// </summary>
public sealed class ForgedAuthenticationResultsRemover(IAuthenticationResultsFormat format, string authservId) : IContentRewriter
{
    public MimeMessage? Rewrite(MimeMessage current, ContentMessage message, ContentVerdict verdict)
    {
        var forged = current.Headers
            .Where(h => h.Field.Equals("Authentication-Results", StringComparison.OrdinalIgnoreCase) && format.ClaimsAuthServId(h.Value, authservId))
            .ToList();
        if (forged.Count == 0) return null;
        foreach (var header in forged) current.Headers.Remove(header);
        return current;
    }
}
