namespace Mizugiwa.Smtp.Sasl;

/// <summary>The mechanisms offered in EHLO (strongest first) and a new exchange for a name.</summary>
public static class SaslMechanisms
{
    public const string ScramSha256 = "SCRAM-SHA-256";
    public const string Plain = "PLAIN";
    public const string Login = "LOGIN";

    public static IReadOnlyList<string> Offered { get; } = [ScramSha256, Plain, Login];

    /// <summary>A fresh exchange, or null for a mechanism we do not offer.</summary>
    public static ISaslExchange? Create(string name, PasswordCheckGate passwords, ICredentialVerifier verifier, Func<string>? scramNonce = null) =>
        name.ToUpperInvariant() switch
        {
            Plain => new PlainExchange(passwords),
            Login => new LoginExchange(passwords),
            ScramSha256 => new ScramSha256Exchange(verifier, scramNonce),
            _ => null,
        };
}
