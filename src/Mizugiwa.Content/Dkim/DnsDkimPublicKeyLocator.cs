using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Dkim;

/// <summary>
/// Fetches DKIM keys from TXT "selector._domainkey.domain" (RFC 6376 §3.6.2.2) through our resolver.
/// A temporary DNS failure is temperror; no record or an unusable one is permerror.
/// </summary>
public sealed class DnsDkimPublicKeyLocator(IDnsResolver resolver)
{
    public async Task<DkimKeyLookup> LookupAsync(string domain, string selector, CancellationToken cancellationToken)
    {
        if (!IsDnsLabelSequence(selector) || !IsDnsLabelSequence(domain))
            return DkimKeyLookup.PermError("selector or domain is not a DNS name");
        var name = $"{selector}._domainkey.{domain}".ToLowerInvariant();
        var answer = await resolver.LookupTxtAsync(name, cancellationToken).ConfigureAwait(false);
        if (answer.IsTemporaryFailure) return DkimKeyLookup.TempError($"key lookup failed: {answer.Error}");
        if (!answer.IsOk || answer.Value is null || answer.Value.Count == 0) return DkimKeyLookup.PermError("no key for signature");
        // RFC 6376 §3.6.2.2: several records are ambiguous; use the first one that parses.
        string? firstError = null;
        foreach (var text in answer.Value)
        {
            var key = DkimKeyRecord.Parse(text, out var error);
            if (key is not null) return DkimKeyLookup.Found(key);
            firstError ??= error;
        }
        return DkimKeyLookup.PermError(firstError ?? "no usable key");
    }

    private static bool IsDnsLabelSequence(string name) =>
        name.Length is > 0 and <= 253 && name.Split('.').All(label => label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
}
