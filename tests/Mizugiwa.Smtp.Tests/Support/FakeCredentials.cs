using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Smtp.Tests.Support;

/// <summary>
/// alice@example.test ("alice-secret", with SCRAM keys), bob@example.test ("bob-secret", no SCRAM keys:
/// a password set before SCRAM existed), and "user"/"pencil" with the salt of the RFC 7677 example.
/// </summary>
internal sealed class FakeCredentials : ICredentialVerifier
{
    public const string AlicePassword = "alice-secret";
    public const string BobPassword = "bob-secret";
    public static readonly byte[] Rfc7677Salt = Convert.FromBase64String("W22ZaJ0SNY7soEsUEjb6gQ==");

    private static readonly Dictionary<string, (string Account, string Password, ScramCredentials? Scram)> Accounts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alice@example.test"] = ("alice@example.test", AlicePassword, ScramCredentials.Derive("alice@example.test", AlicePassword, "alice-salt-16byt"u8.ToArray(), 4096)),
        ["bob@example.test"] = ("bob@example.test", BobPassword, null),
        ["user"] = ("user", "pencil", ScramCredentials.Derive("user", "pencil", Rfc7677Salt, 4096)),
    };

    public int PasswordChecks;
    /// <summary>When set, every lookup throws (the directory is down).</summary>
    public bool Broken { get; set; }

    public ValueTask<string?> VerifyPasswordAsync(string user, string password, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref PasswordChecks);
        if (Broken) throw new InvalidOperationException("directory down");
        return ValueTask.FromResult(Accounts.TryGetValue(user, out var a) && a.Password == password ? a.Account : null);
    }

    public ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken)
    {
        if (Broken) throw new InvalidOperationException("directory down");
        return ValueTask.FromResult(Accounts.TryGetValue(user, out var a) ? a.Scram : null);
    }
}
