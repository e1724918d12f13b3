using System.Net;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Flow;

namespace Mizugiwa.Policy.Harvest;

/// <summary>
/// The harvest blocks in the state store: set by the guard, listed and released by
/// <c>mizugiwa blocks</c>. A block is a key with expiry, so it lifts by itself. Each block also
/// counts an offence (kept <see cref="HarvestGuardOptions.OffenceMemory"/> after the last one);
/// the n-th offence blocks for BaseBlock × 2^(n−1), at most MaxBlock.
/// </summary>
public sealed class BlockRegistry(IStateStore store, HarvestGuardOptions options, TimeProvider time)
{
    public async ValueTask<IReadOnlyList<HarvestBlock>> ListBlocksAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entries = await store.ListAsync(HarvestKeys.BlockPrefix, cancellationToken);
        return [.. entries.Select(HarvestBlock.FromEntry).OfType<HarvestBlock>().Where(b => b.ExpiresAt > now)
            .OrderBy(b => b.ExpiresAt).ThenBy(b => b.Source.Key, StringComparer.Ordinal)];
    }

    public async ValueTask<HarvestBlock?> GetAsync(SourceScope source, CancellationToken cancellationToken) =>
        await store.GetAsync(HarvestKeys.Block(source), cancellationToken) is { } entry && entry.ExpiresAt > time.GetUtcNow()
            ? HarvestBlock.FromEntry(entry)
            : null;

    /// <summary>The block that applies to a client: its own, else its network's; null when neither is blocked.</summary>
    public async ValueTask<HarvestBlock?> FindAsync(IPAddress client, CancellationToken cancellationToken)
    {
        var own = GetAsync(SourceScope.Of(client), cancellationToken).AsTask();
        var network = GetAsync(SourceScope.NetworkOf(client), cancellationToken).AsTask();
        return await own ?? await network;
    }

    /// <summary>
    /// Lifts a block, forgets the source's offences, and keeps it from being blocked again for one
    /// counting window, so the counts that caused the block can age out. False when there was no block.
    /// </summary>
    public async ValueTask<bool> ReleaseAsync(SourceScope source, CancellationToken cancellationToken)
    {
        if (!await store.DeleteAsync(HarvestKeys.Block(source), cancellationToken)) return false;
        var offences = await store.GetGaugeAsync(HarvestKeys.Offences(source), cancellationToken);
        if (offences != 0) await store.AdjustGaugeAsync(HarvestKeys.Offences(source), -offences, options.OffenceMemory, cancellationToken);
        await store.SetAsync(HarvestKeys.Released(source), "released", Thresholds(source).Window, cancellationToken);
        return true;
    }

    /// <summary>How long the <paramref name="level"/>-th offence is blocked.</summary>
    public TimeSpan DurationOf(int level)
    {
        var ticks = options.BaseBlock.Ticks;
        for (var i = 1; i < level && ticks < options.MaxBlock.Ticks; i++) ticks *= 2;
        return TimeSpan.FromTicks(Math.Min(ticks, options.MaxBlock.Ticks));
    }

    /// <summary>Blocks a source for its next offence's length; null when an operator released it within the last window.</summary>
    internal async ValueTask<HarvestBlock?> BlockAsync(SourceScope source, string reason, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(HarvestKeys.Released(source), cancellationToken) is not null) return null;
        var offences = await store.AdjustGaugeAsync(HarvestKeys.Offences(source), 1, options.OffenceMemory, cancellationToken);
        var level = (int)Math.Clamp(offences, 1, int.MaxValue);
        var duration = DurationOf(level);
        var block = new HarvestBlock(source, reason, level, time.GetUtcNow() + duration);
        await store.SetAsync(HarvestKeys.Block(source), block.ToValue(), duration, cancellationToken);
        return block;
    }

    private HarvestThresholds Thresholds(SourceScope source) => source.IsNetwork ? options.PerNetwork : options.PerAddress;
}
