namespace Mizugiwa.Content.Dkim;

/// <summary>The verdict for one DKIM-Signature field and the first characters of its b= (RFC 8601 header.b).</summary>
public sealed record DkimSignatureCheck(DkimVerdict Verdict, string? SignaturePrefix);
