using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>Each account's spam filter mode (accounts.filter_mode; null = label).</summary>
public sealed partial class SqlDirectory : IFilterModeDirectory
{
    public async ValueTask<FilterMode> GetFilterModeAsync(string mailbox, CancellationToken cancellationToken)
    {
        if (DirectoryAddress.TryParse(mailbox) is not { } a) return FilterMode.Label;
        await using var c = await OpenAsync(cancellationToken);
        var rows = await ReadAsync(c, r => r.IsDBNull(0) ? null : r.GetString(0), "SELECT filter_mode FROM accounts WHERE address_key = @p0", [a.Key], cancellationToken);
        return rows.Count == 1 && FilterModes.TryParse(rows[0], out var mode) ? mode : FilterMode.Label;
    }

    /// <summary>The modes of all <paramref name="mailboxes"/> (in their order) with one query.</summary>
    public async ValueTask<IReadOnlyList<FilterMode>> GetFilterModesAsync(IReadOnlyList<string> mailboxes, CancellationToken cancellationToken)
    {
        var (keys, distinct) = MailboxKeys(mailboxes);
        var chosen = new Dictionary<string, FilterMode>(StringComparer.Ordinal);
        if (distinct.Length > 0)
        {
            await using var c = await OpenAsync(cancellationToken);
            var rows = await ReadAsync(c, r => (Key: r.GetString(0), Mode: r.IsDBNull(1) ? null : r.GetString(1)),
                $"SELECT address_key, filter_mode FROM accounts WHERE address_key IN ({Placeholders(0, distinct.Length)})", [.. distinct], cancellationToken);
            foreach (var row in rows)
                if (FilterModes.TryParse(row.Mode, out var mode)) chosen[row.Key] = mode;
        }
        return [.. keys.Select(k => k is not null && chosen.TryGetValue(k, out var mode) ? mode : FilterMode.Label)];
    }

    public async Task SetFilterModeAsync(string address, FilterMode mode, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET filter_mode = @p1 WHERE address_key = @p0", [a.Key, FilterModes.Name(mode)], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }
}
