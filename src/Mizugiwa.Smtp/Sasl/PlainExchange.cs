namespace Mizugiwa.Smtp.Sasl;

/// <summary>PLAIN (RFC 4616): one message <c>[authzid] NUL authcid NUL passwd</c>.</summary>
internal sealed class PlainExchange(PasswordCheckGate passwords) : ISaslExchange
{
    private bool _asked;

    public async ValueTask<SaslStep> StepAsync(byte[]? response, CancellationToken cancellationToken)
    {
        if (response is null && !_asked)
        {
            _asked = true;
            return SaslStep.Ask([]);
        }
        if (!SaslPlainMessage.TryParse(response ?? [], out var user, out var password)) return SaslStep.Failed(user);
        return await PasswordStep.VerifyAsync(passwords, user, password, cancellationToken);
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
