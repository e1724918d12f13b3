using Mizugiwa.Smtp.Sasl;

namespace Mizugiwa.Pop3.Tests.Support;

/// <summary>alice@example.test ("alice-secret") and bob@example.test ("bob-secret"); the directory spells alice's address in lower case.</summary>
internal sealed class FakeCredentials : ICredentialVerifier
{
    public const string Alice = "alice@example.test";
    public const string AlicePassword = "alice-secret";
    public const string Bob = "bob@example.test";
    public const string BobPassword = "bob-secret";

    private static readonly Dictionary<string, (string Account, string Password)> Accounts = new(StringComparer.OrdinalIgnoreCase)
    {
        [Alice] = (Alice, AlicePassword),
        [Bob] = (Bob, BobPassword),
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

    public ValueTask<ScramCredentials?> GetScramCredentialsAsync(string user, CancellationToken cancellationToken) => ValueTask.FromResult<ScramCredentials?>(null);
}
