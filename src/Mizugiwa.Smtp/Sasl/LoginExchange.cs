using System.Text;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// LOGIN (draft-murchison-sasl-login): "Username:" then "Password:", each answered on its own line.
/// An initial response on the AUTH line is taken as the user name.
/// </summary>
internal sealed class LoginExchange(PasswordCheckGate passwords) : ISaslExchange
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private string? _user;
    private bool _started;

    public async ValueTask<SaslStep> StepAsync(byte[]? response, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            if (response is null) return SaslStep.Ask("Username:"u8.ToArray());
        }
        if (_user is null)
        {
            if (!TryDecode(response, 255, out var user)) return SaslStep.Failed(null);
            _user = user;
            return SaslStep.Ask("Password:"u8.ToArray(), user);
        }
        if (!TryDecode(response, 1024, out var password)) return SaslStep.Failed(_user);
        return await PasswordStep.VerifyAsync(passwords, _user, password, cancellationToken);
    }

    private static bool TryDecode(byte[]? bytes, int maxLength, out string text)
    {
        text = "";
        if (bytes is null || bytes.Length == 0 || Array.IndexOf(bytes, (byte)0) >= 0) return false;
        try { text = StrictUtf8.GetString(bytes); }
        catch (DecoderFallbackException) { return false; }
        return text.Length <= maxLength;
    }
}
