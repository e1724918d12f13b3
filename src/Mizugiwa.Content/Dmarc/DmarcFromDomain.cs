using MimeKit;

namespace Mizugiwa.Content.Dmarc;

/// <summary>
/// The RFC5322.From domain DMARC evaluates (RFC 7489 §6.6.1): the message must have exactly one From
/// header holding exactly one mailbox with a usable domain; anything else is not evaluated.
/// </summary>
public static class DmarcFromDomain
{
    /// <summary>The From domain as lower-case A-labels, or null with the reason it cannot be evaluated.</summary>
    public static string? Find(MimeMessage message, out string? problem)
    {
        var headers = message.Headers.Count(h => h.Id == HeaderId.From);
        if (headers != 1)
        {
            problem = headers == 0 ? "no From header" : $"{headers} From headers";
            return null;
        }
        var addresses = message.From.ToList();
        if (addresses is not [MailboxAddress mailbox])
        {
            problem = addresses.Count == 0 ? "no address in From" : "From is not exactly one mailbox";
            return null;
        }
        var domain = DomainLabels.ToAsciiLabels(mailbox.Domain);
        if (domain is null || !domain.All(IsHostLabel))
        {
            problem = $"From domain \"{mailbox.Domain}\" is not a domain name";
            return null;
        }
        problem = null;
        return string.Join('.', domain);
    }

    private static bool IsHostLabel(string label) =>
        label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
