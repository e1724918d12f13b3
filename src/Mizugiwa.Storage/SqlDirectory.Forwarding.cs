using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>Each account's forwarding (accounts.forward, accounts.forward_keep_copy; null = keep a copy).</summary>
public sealed partial class SqlDirectory : IForwardingDirectory
{
    public async ValueTask<Forwarding> GetForwardingAsync(string mailbox, CancellationToken cancellationToken)
    {
        if (DirectoryAddress.TryParse(mailbox) is not { } a) return Forwarding.None;
        await using var c = await OpenAsync(cancellationToken);
        var rows = await ReadAsync(c, r => (Forward: r.IsDBNull(0) ? null : r.GetString(0), KeepCopy: r.IsDBNull(1) || r.GetInt64(1) != 0),
            "SELECT forward, forward_keep_copy FROM accounts WHERE address_key = @p0", [a.Key], cancellationToken);
        if (rows.Count == 0 || ForwardColumn.Split(rows[0].Forward) is not { Count: > 0 } targets) return Forwarding.None;
        return new Forwarding(targets, rows[0].KeepCopy);
    }

    public async Task SetForwardingAsync(string address, IReadOnlyList<string> targets, bool keepCopy, CancellationToken cancellationToken)
    {
        var a = DirectoryAddress.Parse(address);
        var checkedTargets = ForwardColumn.Check(a, targets);
        await using var c = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(c, "UPDATE accounts SET forward = @p1, forward_keep_copy = @p2 WHERE address_key = @p0",
                [a.Key, Nullable(ForwardColumn.Join(checkedTargets)), keepCopy ? 1 : 0], cancellationToken) == 0)
            throw new DirectoryException($"account {a.Text} does not exist");
    }
}
