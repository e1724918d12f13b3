using System.Text;

namespace Mizugiwa.Pop3;

/// <summary>The one SASL message of PLAIN (RFC 4616): <c>[authzid] NUL authcid NUL passwd</c>, in UTF-8.</summary>
internal static class SaslPlain
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The user and password, or null when the message is not PLAIN or asks to act for another user.</summary>
    public static (string User, string Password)? Parse(byte[] message)
    {
        int first = Array.IndexOf(message, (byte)0);
        int second = first < 0 ? -1 : Array.IndexOf(message, (byte)0, first + 1);
        if (second < 0 || Array.IndexOf(message, (byte)0, second + 1) >= 0) return null;
        string authzid, user, password;
        try
        {
            authzid = StrictUtf8.GetString(message, 0, first);
            user = StrictUtf8.GetString(message, first + 1, second - first - 1);
            password = StrictUtf8.GetString(message, second + 1, message.Length - second - 1);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        // No user may act for another: an authorization identity must be the user itself.
        if (authzid.Length > 0 && !authzid.Equals(user, StringComparison.OrdinalIgnoreCase)) return null;
        return user.Length is > 0 and <= 255 && password.Length is > 0 and <= 1024 ? (user, password) : null;
    }

    /// <summary>Strict base64: the alphabet and padding only, no white space.</summary>
    public static byte[]? DecodeBase64(string text)
    {
        if (text.Length % 4 != 0 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return null;
        var buffer = new byte[text.Length / 4 * 3];
        return Convert.TryFromBase64String(text, buffer, out int written) ? buffer[..written] : null;
    }
}
