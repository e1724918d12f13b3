using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Smtp.Sasl;

/// <summary>
/// What the server keeps for SCRAM-SHA-256 (RFC 5802 §3, RFC 7677): salt, iteration count,
/// StoredKey = H(ClientKey) and ServerKey; never the password. Stored as the RFC 5803 string
/// <c>SCRAM-SHA-256$&lt;iterations&gt;:&lt;salt&gt;$&lt;StoredKey&gt;:&lt;ServerKey&gt;</c> (base64).
/// </summary>
public sealed record ScramCredentials(string Account, byte[] Salt, int Iterations, byte[] StoredKey, byte[] ServerKey)
{
    public const string Prefix = "SCRAM-SHA-256$";
    public const int DefaultIterations = 10000;
    /// <summary>RFC 7677 §4: at least 4096.</summary>
    public const int MinIterations = 4096;
    public const int MaxIterations = 1_000_000;

    /// <summary>Derives the keys from a password (PBKDF2-HMAC-SHA256; the password is used as UTF-8, without SASLprep).</summary>
    public static ScramCredentials Derive(string account, string password, byte[] salt, int iterations = DefaultIterations)
    {
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return new ScramCredentials(account, salt, iterations, SHA256.HashData(clientKey), serverKey);
    }

    /// <summary>Fresh keys with a random 16-byte salt.</summary>
    public static ScramCredentials Create(string account, string password) =>
        Derive(account, password, RandomNumberGenerator.GetBytes(16));

    public string Format() =>
        $"{Prefix}{Iterations.ToString(CultureInfo.InvariantCulture)}:{Convert.ToBase64String(Salt)}${Convert.ToBase64String(StoredKey)}:{Convert.ToBase64String(ServerKey)}";

    /// <summary>Parses the stored string; null when it is malformed or out of bounds.</summary>
    public static ScramCredentials? TryParse(string account, string? stored)
    {
        if (stored is null || !stored.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var halves = stored[Prefix.Length..].Split('$');
        if (halves.Length != 2) return null;
        var first = halves[0].Split(':');
        var second = halves[1].Split(':');
        if (first.Length != 2 || second.Length != 2) return null;
        if (!int.TryParse(first[0], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations is < MinIterations or > MaxIterations) return null;
        try
        {
            var salt = Convert.FromBase64String(first[1]);
            var storedKey = Convert.FromBase64String(second[0]);
            var serverKey = Convert.FromBase64String(second[1]);
            if (salt.Length < 8 || storedKey.Length != 32 || serverKey.Length != 32) return null;
            return new ScramCredentials(account, salt, iterations, storedKey, serverKey);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
