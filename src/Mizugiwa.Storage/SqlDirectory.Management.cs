using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mizugiwa.Storage;

/// <summary>One admin action as the audit log keeps it.</summary>
public sealed record AuditEntry(DateTimeOffset Time, string Actor, string Action, string Target);

/// <summary>API tokens for the admin API (only their SHA-256 is kept) and the audit log of admin actions.</summary>
public sealed partial class SqlDirectory
{
    private const string TokenPrefix = "mzg_";

    /// <summary>Makes a new admin token and returns it; it is shown once and only its hash is stored.</summary>
    public async Task<string> AddApiTokenAsync(string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            throw new DirectoryException($"token name '{name}' must be 1-64 letters, digits, '-', '_' or '.'");
        var token = TokenPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var c = await OpenAsync(cancellationToken);
        if (await CountAsync(c, "SELECT count(*) FROM api_tokens WHERE name = @p0", [name], cancellationToken) > 0)
            throw new DirectoryException($"token {name} already exists");
        await ExecuteAsync(c, "INSERT INTO api_tokens (name, token_hash, created) VALUES (@p0, @p1, @p2)", [name, TokenHash(token), now.UtcDateTime.ToString("O")], cancellationToken);
        return token;
    }

    public async Task RemoveApiTokenAsync(string name, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "DELETE FROM api_tokens WHERE name = @p0", [name], cancellationToken) == 0)
            throw new DirectoryException($"token {name} does not exist");
    }

    public async Task<IReadOnlyList<string>> ListApiTokensAsync(CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ReadAsync(c, r => $"{r.GetString(0)} (created {r.GetString(1)})", "SELECT name, created FROM api_tokens ORDER BY name", [], cancellationToken);
    }

    /// <summary>The name of the token, or null when it is not one of ours.</summary>
    public async Task<string?> FindApiTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        await using var c = await OpenAsync(cancellationToken);
        var names = await ReadAsync(c, r => r.GetString(0), "SELECT name FROM api_tokens WHERE token_hash = @p0", [TokenHash(token)], cancellationToken);
        return names.Count == 1 ? names[0] : null;
    }

    public async Task AddAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        await ExecuteAsync(c, "INSERT INTO audit_log (time, actor, action, target) VALUES (@p0, @p1, @p2, @p3)",
            [entry.Time.UtcDateTime.ToString("O"), entry.Actor, entry.Action, entry.Target], cancellationToken);
    }

    /// <summary>The newest audit entries first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit, CancellationToken cancellationToken)
    {
        await using var c = await OpenAsync(cancellationToken);
        return await ReadAsync(c, r => new AuditEntry(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), r.GetString(1), r.GetString(2), r.GetString(3)),
            "SELECT time, actor, action, target FROM audit_log ORDER BY id DESC LIMIT @p0", [limit], cancellationToken);
    }

    private static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
