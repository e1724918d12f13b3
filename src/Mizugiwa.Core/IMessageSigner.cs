namespace Mizugiwa.Core;

/// <summary>Signs outbound mail (DKIM). The outbound agent asks it before sending a message.</summary>
public interface IMessageSigner
{
    /// <summary>
    /// The header(s) to put on top of the message (e.g. "DKIM-Signature: …\r\n"), or null when the
    /// domain of <paramref name="fromDomain"/> has no key. <paramref name="message"/> is read from its
    /// current position to the end and left unchanged.
    /// </summary>
    ValueTask<string?> SignAsync(string fromDomain, Stream message, CancellationToken cancellationToken);
}
