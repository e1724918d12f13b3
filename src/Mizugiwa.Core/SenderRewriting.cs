using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Core;

/// <summary>
/// The Sender Rewriting Scheme (SRS0, the format of libsrs2 and postsrsd) for forwarded mail: the
/// envelope sender <c>local@domain</c> becomes <c>SRS0=HHHH=TT=domain=local@forwarder</c>, so that
/// the destination's SPF check sees our domain, and a bounce to that address can be sent back to
/// the original sender. TT is the day (days since 1970 modulo 1024, two base32 characters); HHHH the
/// first four base64 characters of HMAC-SHA256(secret, lower-case "TT" + "domain" + "local").
/// Hash and timestamp are compared case-insensitively, as some MTAs lower-case local parts.
/// A sender that another forwarder already rewrote (<c>SRS0=REST@first</c>, or <c>SRS1=…=first==REST@…</c>)
/// becomes <c>SRS1=HHHH=first==REST@forwarder</c> (libsrs2's guarded form): only the first forwarder
/// and we are named, the hash is over "first" + "=REST", and a bounce to it goes to <c>SRS0=REST@first</c>,
/// whose own hash and age only the first forwarder can check.
/// </summary>
public sealed class SenderRewriting
{
    public const string Prefix = "SRS0=";
    public const string GuardedPrefix = "SRS1=";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const int TimestampModulo = 1024;
    private const int HashLength = 4;

    private readonly byte[] _secret;
    private readonly TimeProvider _time;

    public SenderRewriting(byte[] secret, TimeProvider time, TimeSpan? maxAge = null)
    {
        if (secret.Length < 16) throw new ArgumentException("the SRS secret must have at least 16 bytes", nameof(secret));
        _secret = secret;
        _time = time;
        MaxAge = maxAge ?? TimeSpan.FromDays(21);
    }

    /// <summary>How long a rewritten address is accepted for bounces (libsrs2's default: 21 days).</summary>
    public TimeSpan MaxAge { get; }

    /// <summary>
    /// The SRS0 form of <paramref name="sender"/> in <paramref name="forwarderDomain"/>; the sender itself when it
    /// is the null sender, already in <paramref name="forwarderDomain"/>, or cannot be rewritten (an address
    /// literal, or a local part that would grow past <see cref="SmtpAddress.MaxLocalPartLength"/>).
    /// </summary>
    public string Forward(string sender, string forwarderDomain)
    {
        if (sender.Length == 0) return sender;
        var address = SmtpAddress.TryParse(sender, allowUtf8: true, out _);
        if (address is null || address.IsAddressLiteral || address.Domain.Equals(forwarderDomain, StringComparison.OrdinalIgnoreCase)) return sender;
        string local;
        if (Guarded(address) is var (first, rest))
        {
            local = $"{GuardedPrefix}{Hash(first, rest)}={first}={rest}";
        }
        else
        {
            var timestamp = Timestamp(_time.GetUtcNow());
            local = $"{Prefix}{Hash(timestamp, address.Domain, address.LocalPart)}={timestamp}={address.Domain}={address.LocalPart}";
        }
        if (local.Length > SmtpAddress.MaxLocalPartLength) return sender;
        return new SmtpAddress(local, forwarderDomain.ToLowerInvariant()).ToString();
    }

    /// <summary>Whether a local part claims to be SRS0 or SRS1 (and so must be reversed or refused, never delivered as is).</summary>
    public static bool IsSrs(string localPart) =>
        localPart.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || localPart.StartsWith(GuardedPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The original sender of an SRS0 local part, or for SRS1 the first forwarder's SRS0 address; or why it
    /// is refused (not SRS, malformed, forged or expired).
    /// </summary>
    public SrsReversal Reverse(string localPart)
    {
        if (localPart.StartsWith(GuardedPrefix, StringComparison.OrdinalIgnoreCase)) return ReverseGuarded(localPart);
        if (!IsSrs(localPart)) return SrsReversal.Refused("not an SRS0 address");
        var parts = localPart[Prefix.Length..].Split('=', 4);
        if (parts.Length != 4 || parts[0].Length != HashLength || parts[1].Length != 2 || parts[2].Length == 0 || parts[3].Length == 0)
            return SrsReversal.Refused("malformed SRS0 address");
        var (hash, timestamp, domain, local) = (parts[0], parts[1].ToUpperInvariant(), parts[2], parts[3]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash.ToUpperInvariant()),
                Encoding.ASCII.GetBytes(Hash(timestamp, domain, local).ToUpperInvariant())))
            return SrsReversal.Refused("forged SRS0 address (bad hash)");
        if (Age(timestamp) is not { } age || age > MaxAge.TotalDays)
            return SrsReversal.Refused("expired SRS0 address");
        var original = SmtpAddress.TryParse($"{local}@{domain}", allowUtf8: true, out var error);
        return original is null ? SrsReversal.Refused($"SRS0 address hides a bad address ({error})") : SrsReversal.Reversed(original);
    }

    private SrsReversal ReverseGuarded(string localPart)
    {
        var parts = localPart[GuardedPrefix.Length..].Split('=', 3);
        if (parts.Length != 3 || parts[0].Length != HashLength || parts[1].Length == 0 || !parts[2].StartsWith('=') || parts[2].Length == 1)
            return SrsReversal.Refused("malformed SRS1 address");
        var (hash, first, rest) = (parts[0], parts[1], parts[2]);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(hash.ToUpperInvariant()), Encoding.ASCII.GetBytes(Hash(first, rest).ToUpperInvariant())))
            return SrsReversal.Refused("forged SRS1 address (bad hash)");
        var original = SmtpAddress.TryParse($"SRS0{rest}@{first}", allowUtf8: true, out var error);
        return original is null ? SrsReversal.Refused($"SRS1 address hides a bad address ({error})") : SrsReversal.Reversed(original);
    }

    /// <summary>
    /// For a sender another forwarder rewrote: the first forwarder's domain and the SRS0 remainder
    /// ("=HHHH=TT=domain=local"); null for any other sender.
    /// </summary>
    private static (string First, string Remainder)? Guarded(SmtpAddress sender)
    {
        var local = sender.LocalPart;
        if (local.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return (sender.Domain, local[(Prefix.Length - 1)..]);
        if (!local.StartsWith(GuardedPrefix, StringComparison.OrdinalIgnoreCase)) return null;
        var parts = local[GuardedPrefix.Length..].Split('=', 3);
        return parts.Length == 3 && parts[1].Length > 0 && parts[2].StartsWith('=') && parts[2].Length > 1 ? (parts[1], parts[2]) : null;
    }

    private string Hash(params string[] fields)
    {
        var data = Encoding.UTF8.GetBytes(string.Concat(fields).ToLowerInvariant());
        return Convert.ToBase64String(HMACSHA256.HashData(_secret, data))[..HashLength];
    }

    private static string Timestamp(DateTimeOffset now)
    {
        var day = (int)(now.ToUnixTimeSeconds() / 86400 % TimestampModulo);
        return $"{Base32[day >> 5]}{Base32[day & 31]}";
    }

    /// <summary>Days since the timestamp was made (it wraps every 1024 days), or null when it is no base32 timestamp.</summary>
    private int? Age(string timestamp)
    {
        int high = Base32.IndexOf(timestamp[0], StringComparison.Ordinal), low = Base32.IndexOf(timestamp[1], StringComparison.Ordinal);
        if (high < 0 || low < 0) return null;
        var today = (int)(_time.GetUtcNow().ToUnixTimeSeconds() / 86400 % TimestampModulo);
        return ((today - (high << 5 | low)) % TimestampModulo + TimestampModulo) % TimestampModulo;
    }

    /// <summary>The secret in <paramref name="path"/>, made (32 random bytes, base64, owner-only) when the file does not exist.</summary>
    public static byte[] LoadOrCreateSecret(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var writer = new StreamWriter(path, Encoding.ASCII, options);
                writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // made by another process in between: use that one
            }
        }
        var text = File.ReadAllText(path).Trim();
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new InvalidDataException($"{path} must hold the SRS secret in base64");
        }
    }
}

/// <summary>What an SRS0 address reverses to: the original sender, or why it is refused.</summary>
public sealed record SrsReversal(SmtpAddress? Original, string? Error)
{
    public static SrsReversal Reversed(SmtpAddress original) => new(original, null);
    public static SrsReversal Refused(string error) => new(null, error);
}
