using System.Globalization;
using System.Text;

namespace Mizugiwa.Delivery.Dsn;

/// <summary>RFC 3461 §4 xtext: "+XX" stands for the byte with hex value XX.</summary>
public static class Xtext
{
    /// <summary>Decodes xtext; a malformed "+" sequence is kept as it is.</summary>
    public static string Decode(string xtext)
    {
        if (!xtext.Contains('+', StringComparison.Ordinal)) return xtext;
        var bytes = new List<byte>(xtext.Length);
        for (int i = 0; i < xtext.Length; i++)
        {
            if (xtext[i] == '+' && i + 2 < xtext.Length
                && byte.TryParse(xtext.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b))
            {
                bytes.Add(b);
                i += 2;
            }
            else bytes.AddRange(Encoding.UTF8.GetBytes(xtext[i].ToString()));
        }
        return Encoding.UTF8.GetString([.. bytes]);
    }
}

/// <summary>The ORCPT parameter as stored in the envelope: "addr-type;xtext".</summary>
public static class OriginalRecipient
{
    /// <summary>Splits a stored ORCPT into its address type and decoded address; false when there is none or it is malformed.</summary>
    public static bool TryParse(string? orcpt, out string addrType, out string address)
    {
        addrType = address = "";
        int semicolon = orcpt?.IndexOf(';') ?? -1;
        if (orcpt is null || semicolon <= 0) return false;
        addrType = orcpt[..semicolon].Trim();
        address = Xtext.Decode(orcpt[(semicolon + 1)..].Trim());
        return address.Length > 0;
    }
}
