using System.Text;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// The one message of SASL PLAIN (RFC 4616), <c>[authzid] NUL authcid NUL passwd</c> in UTF-8, and the strict
/// base64 it travels in: the same for SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE.
/// </summary>
public static class SaslPlainMessage
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>
    /// False when the message is not PLAIN, or asks to act for another user (we let no user do that: an
    /// authorization identity must be the user itself); <paramref name="user"/> is set when it could be read.
    /// </summary>
    public static bool TryParse(byte[] message, out string user, out string password)
    {
        user = password = "";
        int first = Array.IndexOf(message, (byte)0);
        int second = first < 0 ? -1 : Array.IndexOf(message, (byte)0, first + 1);
        if (second < 0 || Array.IndexOf(message, (byte)0, second + 1) >= 0) return false;
        string authzid;
        try
        {
            authzid = StrictUtf8.GetString(message, 0, first);
            user = StrictUtf8.GetString(message, first + 1, second - first - 1);
            password = StrictUtf8.GetString(message, second + 1, message.Length - second - 1);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        if (authzid.Length > 0 && !authzid.Equals(user, StringComparison.OrdinalIgnoreCase)) return false;
        return user.Length is > 0 and <= 255 && password.Length is > 0 and <= 1024;
    }

    /// <summary>Strict base64: the alphabet and padding only, no white space; null when it is not.</summary>
    public static byte[]? DecodeBase64(string text)
    {
        if (text.Length % 4 != 0 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')) return null;
        var buffer = new byte[text.Length / 4 * 3];
        return Convert.TryFromBase64String(text, buffer, out int written) ? buffer[..written] : null;
    }
}
