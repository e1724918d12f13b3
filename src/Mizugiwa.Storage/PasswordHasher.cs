using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Mizugiwa.Storage;

/// <summary>
/// Argon2id password hashes in the PHC string format
/// <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c> (base64 without padding),
/// with the OWASP minimum parameters (19 MiB, 2 passes, 1 lane).
/// </summary>
public static class PasswordHasher
{
    private const int MemoryKib = 19456;
    private const int Passes = 2;
    private const int Lanes = 1;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;
    private const string Prefix = "$argon2id$v=19$";

    /// <summary>Hashes a password with a fresh random salt; an empty password is refused.</summary>
    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Compute(password, salt, MemoryKib, Passes, Lanes, HashBytes);
        return $"{Prefix}m={MemoryKib},t={Passes},p={Lanes}${Base64(salt)}${Base64(hash)}";
    }

    /// <summary>True when <paramref name="password"/> matches <paramref name="phc"/>; false also for a malformed or unsupported string.</summary>
    public static bool Verify(string password, string phc) =>
        password.Length > 0 && TryParse(phc, out var salt, out var expected, out int m, out int t, out int p)
        && CryptographicOperations.FixedTimeEquals(Compute(password, salt, m, t, p, expected.Length), expected);

    /// <summary>True when <paramref name="phc"/> is an Argon2id PHC string this class can verify (such as one made by another server).</summary>
    public static bool IsWellFormed(string phc) => TryParse(phc, out _, out _, out _, out _, out _);

    private static bool TryParse(string phc, out byte[] salt, out byte[] expected, out int m, out int t, out int p)
    {
        salt = expected = [];
        m = t = p = 0;
        if (!phc.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = phc[Prefix.Length..].Split('$');
        if (parts.Length != 3 || !TryParseParameters(parts[0], out m, out t, out p)) return false;
        if (FromBase64(parts[1]) is not { Length: >= 8 } s || FromBase64(parts[2]) is not { Length: >= 16 and <= 64 } e) return false;
        (salt, expected) = (s, e);
        return true;
    }

    private static byte[] Compute(string password, byte[] salt, int memoryKib, int passes, int lanes, int length)
    {
        using var argon = new Argon2id(Encoding.UTF8.GetBytes(password))
        {
            Salt = salt,
            MemorySize = memoryKib,
            Iterations = passes,
            DegreeOfParallelism = lanes,
        };
        return argon.GetBytes(length);
    }

    /// <summary>Parses "m=..,t=..,p=.." within bounds that keep a stored string from costing unbounded memory or time.</summary>
    private static bool TryParseParameters(string text, out int m, out int t, out int p)
    {
        m = t = p = 0;
        var fields = text.Split(',');
        return fields.Length == 3
            && TryParseField(fields[0], "m=", out m) && TryParseField(fields[1], "t=", out t) && TryParseField(fields[2], "p=", out p)
            && p is >= 1 and <= 16 && t is >= 1 and <= 16 && m >= 8 * p && m <= 1 << 21;
    }

    private static bool TryParseField(string field, string name, out int value)
    {
        value = 0;
        return field.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(field.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static string Base64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    /// <summary>Decodes unpadded base64, accepting only the canonical encoding (no padding, unused bits zero).</summary>
    private static byte[]? FromBase64(string text)
    {
        var padded = text + new string('=', (4 - text.Length % 4) % 4);
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out int written)) return null;
        var bytes = buffer[..written];
        return Base64(bytes) == text ? bytes : null;
    }
}
