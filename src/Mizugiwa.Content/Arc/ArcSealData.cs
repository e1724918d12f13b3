using System.Text;
using Mizugiwa.Content.Dkim;

namespace Mizugiwa.Content.Arc;

/// <summary>
/// What an ARC-Seal signs (RFC 8617 §5.1.1): for every set from i=1 up, its ARC-Authentication-Results,
/// ARC-Message-Signature and ARC-Seal, relaxed-canonicalized and ended by CRLF, except the last seal,
/// whose b= is emptied and which has no CRLF.
/// </summary>
public static class ArcSealData
{
    public static byte[] For(IReadOnlyList<(string Results, string Signature, string Seal)> sets)
    {
        var data = new StringBuilder();
        for (int i = 0; i < sets.Count; i++)
        {
            data.Append(DkimCanonicalization.Header(sets[i].Results, relaxed: true)).Append("\r\n");
            data.Append(DkimCanonicalization.Header(sets[i].Signature, relaxed: true)).Append("\r\n");
            if (i < sets.Count - 1) data.Append(DkimCanonicalization.Header(sets[i].Seal, relaxed: true)).Append("\r\n");
            else data.Append(DkimCanonicalization.Header(DkimCanonicalization.WithoutSignature(sets[i].Seal), relaxed: true));
        }
        return Encoding.Latin1.GetBytes(data.ToString());
    }
}
