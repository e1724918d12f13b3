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

    public async Task SetFilterModeAsync(string address, FilterMode mode, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET filter_mode = @p1 WHERE address_key = @p0", [a.Key, FilterModes.Name(mode)], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }
}
