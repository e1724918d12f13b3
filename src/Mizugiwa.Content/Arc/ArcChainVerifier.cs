using Mizugiwa.Content.Dkim;
using MimeKit;
using MimeKit.Cryptography;

namespace Mizugiwa.Content.Arc;

/// <summary>
/// Validates a message's ARC chain (RFC 8617 §5.2) with MimeKit's <see cref="ArcVerifier"/>: instances
/// 1..N contiguous, at most 50, cv= values, the newest ARC-Message-Signature and every ARC-Seal.
/// </summary>
public sealed class ArcChainVerifier(DnsDkimPublicKeyLocator keys)
{
    /// <summary>RFC 8617 §4.2.1: i= is 1 to 50.</summary>
    public const int MaxInstances = 50;

    public const string None = "none";
    public const string Pass = "pass";
    public const string Fail = "fail";

    public async Task<ArcVerdict> VerifyAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var seals = message.Headers.Count(h => h.Id == HeaderId.ArcSeal);
        var arcFields = seals + message.Headers.Count(h => h.Id is HeaderId.ArcMessageSignature or HeaderId.ArcAuthenticationResults);
        if (arcFields == 0) return new ArcVerdict(None, 0);
        if (seals > MaxInstances) return new ArcVerdict(Fail, seals, $"more than {MaxInstances} ARC sets");

        if (message.Headers.Any(h => h.Id == HeaderId.ArcMessageSignature && SignsArcSeal(h.Value)))
            return new ArcVerdict(Fail, seals, "ARC-Message-Signature signs ARC-Seal");

        ArcValidationResult result;
        try
        {
            result = await new ArcVerifier(keys).VerifyAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (DkimLookupException e)
        {
            return new ArcVerdict(Fail, seals, e.Message);
        }
        catch (FormatException e)
        {
            return new ArcVerdict(Fail, seals, e.Message);
        }
        return result.Chain switch
        {
            ArcSignatureValidationResult.Pass => new ArcVerdict(Pass, seals),
            ArcSignatureValidationResult.None => new ArcVerdict(None, seals),
            _ => new ArcVerdict(Fail, seals, result.ChainErrors == ArcValidationErrors.None ? "chain did not validate" : result.ChainErrors.ToString()),
        };
    }

    /// <summary>RFC 8617 §4.1.2: an AMS must not sign ARC-Seal fields (MimeKit does not check it).</summary>
    private static bool SignsArcSeal(string amsValue) =>
        DkimTagList.TryParse(amsValue, out var tags) && tags["h"] is { } h &&
        h.Split(':').Any(name => name.Trim().Equals("arc-seal", StringComparison.OrdinalIgnoreCase));
}
