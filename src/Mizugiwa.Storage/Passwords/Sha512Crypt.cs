using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Storage.Passwords;

/// <summary>
/// glibc SHA-512 crypt (<c>$6$[rounds=N$]salt$hash</c>), as published by Ulrich Drepper in
/// "Unix crypt using SHA-256 and SHA-512": only verification, for hashes imported from other servers.
/// </summary>
public static class Sha512Crypt
{
    public const string Prefix = "$6$";
    private const string RoundsPrefix = "rounds=";
    private const int DefaultRounds = 5000, MinRounds = 1000, MaxRounds = 999_999_999, MaxSaltLength = 16, HashLength = 86;
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>True when <paramref name="text"/> has the form <c>$6$[rounds=N$]salt$hash</c> (86 characters of hash).</summary>
    public static bool IsWellFormed(string text) => TryParse(text, out _, out _, out _, out var hash) && hash is not null;

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; false also for a malformed string.</summary>
    public static bool Verify(string password, string stored)
    {
        if (!TryParse(stored, out var salt, out var rounds, out _, out var hash) || hash is null) return false;
        var computed = Encoding.ASCII.GetBytes(Encode(Compute(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), rounds)));
        return CryptographicOperations.FixedTimeEquals(computed, Encoding.ASCII.GetBytes(hash));
    }

    /// <summary>
    /// crypt(3) with a setting <c>$6$[rounds=N$]salt[$...]</c>: the whole string, rounds clamped to
    /// 1000..999999999 and the salt cut to 16 characters as glibc does.
    /// </summary>
    public static string Crypt(string password, string setting)
    {
        if (!TryParse(setting, out var salt, out var rounds, out var customRounds, out _))
            throw new ArgumentException("not a SHA-512 crypt setting", nameof(setting));
        var hash = Encode(Compute(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(salt), rounds));
        return customRounds ? $"{Prefix}{RoundsPrefix}{rounds}${salt}${hash}" : $"{Prefix}{salt}${hash}";
    }

    private static bool TryParse(string text, out string salt, out int rounds, out bool customRounds, out string? hash)
    {
        salt = "";
        hash = null;
        rounds = DefaultRounds;
        customRounds = false;
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = text[Prefix.Length..];
        if (rest.StartsWith(RoundsPrefix, StringComparison.Ordinal))
        {
            int end = rest.IndexOf('$', StringComparison.Ordinal);
            if (end < 0 || !long.TryParse(rest.AsSpan(RoundsPrefix.Length, end - RoundsPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                return false;
            rounds = (int)Math.Clamp(n, MinRounds, MaxRounds);
            customRounds = true;
            rest = rest[(end + 1)..];
        }
        int dollar = rest.IndexOf('$', StringComparison.Ordinal);
        var saltText = dollar < 0 ? rest : rest[..dollar];
        salt = saltText.Length > MaxSaltLength ? saltText[..MaxSaltLength] : saltText;
        if (salt.Any(c => c is ':' or '\n' or '\r' || c > '~' || c < ' ')) return false;
        if (dollar < 0) return true;
        var tail = rest[(dollar + 1)..];
        if (saltText.Length > MaxSaltLength) return true; // a setting with an over-long salt: no hash part to check
        if (tail.Length == HashLength && tail.All(c => Alphabet.Contains(c, StringComparison.Ordinal))) hash = tail;
        return tail.Length == 0 || hash is not null;
    }

    private static byte[] Compute(byte[] key, byte[] salt, int rounds)
    {
        var b = SHA512.HashData([.. key, .. salt, .. key]);

        using var a = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        a.AppendData(key);
        a.AppendData(salt);
        int count;
        for (count = key.Length; count > 64; count -= 64) a.AppendData(b);
        a.AppendData(b, 0, count);
        for (count = key.Length; count > 0; count >>= 1) a.AppendData((count & 1) != 0 ? b : key);
        var result = a.GetHashAndReset();

        for (int i = 0; i < key.Length; i++) a.AppendData(key);
        var p = Repeat(a.GetHashAndReset(), key.Length);
        for (int i = 0; i < 16 + result[0]; i++) a.AppendData(salt);
        var s = Repeat(a.GetHashAndReset(), salt.Length);

        for (int round = 0; round < rounds; round++)
        {
            a.AppendData((round & 1) != 0 ? p : result);
            if (round % 3 != 0) a.AppendData(s);
            if (round % 7 != 0) a.AppendData(p);
            a.AppendData((round & 1) != 0 ? result : p);
            result = a.GetHashAndReset();
        }
        return result;
    }

    private static byte[] Repeat(byte[] digest, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = digest[i % digest.Length];
        return bytes;
    }

    /// <summary>The crypt base64 of the 64-byte digest in the byte order the specification gives.</summary>
    private static string Encode(byte[] digest)
    {
        var text = new StringBuilder(HashLength);
        for (int i = 0; i < 21; i++)
        {
            int x = digest[i], y = digest[i + 21], z = digest[i + 42];
            (int b2, int b1, int b0) = (i % 3) switch { 0 => (x, y, z), 1 => (y, z, x), _ => (z, x, y) };
            Append(text, (b2 << 16) | (b1 << 8) | b0, 4);
        }
        Append(text, digest[63], 2);
        return text.ToString();
    }

    private static void Append(StringBuilder text, int bits, int characters)
    {
        for (int i = 0; i < characters; i++, bits >>= 6) text.Append(Alphabet[bits & 0x3f]);
    }
}
