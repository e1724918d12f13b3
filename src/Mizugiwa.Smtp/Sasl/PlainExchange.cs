using System.Text;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>PLAIN (RFC 4616): one message <c>[authzid] NUL authcid NUL passwd</c>.</summary>
internal sealed class PlainExchange(PasswordCheckGate passwords) : ISaslExchange
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private bool _asked;

    public async ValueTask<SaslStep> StepAsync(byte[]? response, CancellationToken cancellationToken)
    {
        if (response is null && !_asked)
        {
            _asked = true;
            return SaslStep.Ask([]);
        }
        if (!TryParse(response ?? [], out var authzid, out var user, out var password)) return SaslStep.Failed(user);
        // We do not let one user act for another: an authorization identity must be the user itself.
        if (authzid.Length > 0 && !authzid.Equals(user, StringComparison.OrdinalIgnoreCase)) return SaslStep.Failed(user);
        return await PasswordStep.VerifyAsync(passwords, user, password, cancellationToken);
    }

    internal static bool TryParse(byte[] message, out string authzid, out string user, out string password)
    {
        authzid = user = password = "";
        int first = Array.IndexOf(message, (byte)0);
        int second = first < 0 ? -1 : Array.IndexOf(message, (byte)0, first + 1);
        if (second < 0 || Array.IndexOf(message, (byte)0, second + 1) >= 0) return false;
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
        return user.Length is > 0 and <= 255 && password.Length is > 0 and <= 1024;
    }
}

/// <summary>The password check shared by PLAIN and LOGIN: errors of the directory are temporary failures.</summary>
internal static class PasswordStep
{
    public static async ValueTask<SaslStep> VerifyAsync(PasswordCheckGate passwords, string user, string password, CancellationToken cancellationToken)
    {
        string? account;
        try
        {
            account = await passwords.VerifyAsync(user, password, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return SaslStep.Unavailable(user);
        }
        return account is null ? SaslStep.Failed(user) : SaslStep.Succeeded(account);
    }
}
