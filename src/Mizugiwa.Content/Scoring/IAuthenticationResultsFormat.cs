namespace Mizugiwa.Content.Scoring;

/// <summary>How the filter writes our Authentication-Results header and recognises forged ones (RFC 8601).</summary>
public interface IAuthenticationResultsFormat
{
    /// <summary>The whole header line(s), "Authentication-Results: id; ...\r\n", folded.</summary>
    string Render(string authservId, IReadOnlyList<AuthResultEntry> entries);

    /// <summary>Whether an incoming Authentication-Results value claims to come from <paramref name="authservId"/>.</summary>
    bool ClaimsAuthServId(string headerValue, string authservId);
}
