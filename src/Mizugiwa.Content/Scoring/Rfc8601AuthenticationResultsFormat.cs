using Mizugiwa.Content.AuthResults;

namespace Mizugiwa.Content.Scoring;

/// <summary>Authentication-Results as RFC 8601 writes it (<see cref="AuthResultsWriter"/>); forged ones found by <see cref="OurAuthResults"/>.</summary>
public sealed class Rfc8601AuthenticationResultsFormat : IAuthenticationResultsFormat
{
    public string Render(string authservId, IReadOnlyList<AuthResultEntry> entries) => AuthResultsWriter.RenderField(authservId, entries);

    public bool ClaimsAuthServId(string headerValue, string authservId) => OurAuthResults.ClaimsToBe(headerValue, authservId);
}
