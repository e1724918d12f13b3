using MimeKit;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>Which header fields a signature covers (the h= tag).</summary>
public static class DkimSignedHeaders
{
    /// <summary>Signed when present, in this order.</summary>
    public static readonly IReadOnlyList<string> Candidates =
    [
        "From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "MIME-Version",
        "Content-Type", "Content-Transfer-Encoding", "In-Reply-To", "References",
    ];

    /// <summary>
    /// The candidates present in <paramref name="message"/>, plus From once more: the extra entry
    /// signs the absence of a second From, so a From added in transit breaks the signature (oversigning).
    /// </summary>
    public static IList<string> Select(MimeMessage message)
    {
        var present = Candidates.Where(name => IsPresent(message, name)).ToList();
        if (!present.Contains("From")) present.Insert(0, "From");
        present.Add("From");
        return present;
    }

    // MimeKit keeps the top-level Content-* fields with the body, and looks for them there when signing.
    private static bool IsPresent(MimeMessage message, string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
            ? message.Body?.Headers.Contains(name) == true
            : message.Headers.Contains(name);
}
