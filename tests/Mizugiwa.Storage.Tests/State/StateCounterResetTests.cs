using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core.State;
using Mizugiwa.Storage.State;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>Clearing one sliding-window counter (the flow-limits page's reset), the same on every backend.</summary>
public abstract class StateCounterResetContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));

    protected abstract IStateStore Store { get; }

    private IStateCounterReset Reset => Assert.IsAssignableFrom<IStateCounterReset>(Store);

    [Fact]
    public async Task A_cleared_counter_starts_from_zero_and_counts_again()
    {
        await Store.AddToWindowAsync("flow:connections:ip:192.0.2.7", Minute, 5, None);
        Time.Advance(TimeSpan.FromSeconds(20));
        await Store.AddToWindowAsync("flow:connections:ip:192.0.2.7", Minute, 2, None);

        Assert.True(await Reset.ResetWindowAsync("flow:connections:ip:192.0.2.7", Minute, None));
        Assert.Equal(0, await Store.GetWindowAsync("flow:connections:ip:192.0.2.7", Minute, None));
        Assert.Equal(1, await Store.AddToWindowAsync("flow:connections:ip:192.0.2.7", Minute, 1, None));
        Assert.False(await Reset.ResetWindowAsync("nothing-here", Minute, None));
    }

    [Fact]
    public async Task Only_that_key_and_window_are_cleared()
    {
        await Store.AddToWindowAsync("a", Minute, 3, None);
        await Store.AddToWindowAsync("a", TimeSpan.FromMinutes(10), 4, None);
        await Store.AddToWindowAsync("b", Minute, 5, None);
        await Store.AdjustGaugeAsync("a", 2, Minute, None);

        Assert.True(await Reset.ResetWindowAsync("a", Minute, None));
        Assert.Equal(0, await Store.GetWindowAsync("a", Minute, None));
        Assert.Equal(4, await Store.GetWindowAsync("a", TimeSpan.FromMinutes(10), None));
        Assert.Equal(5, await Store.GetWindowAsync("b", Minute, None));
        Assert.Equal(2, await Store.GetGaugeAsync("a", None));
    }
}

public sealed class EmbeddedStateCounterResetTests : StateCounterResetContract, IDisposable
{
    private readonly StateDatabase _database = new();
    private readonly EmbeddedStateStore _store;

    public EmbeddedStateCounterResetTests() => _store = new EmbeddedStateStore(_database.Path, Time);

    protected override IStateStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }
}

public sealed class RedisStateCounterResetTests : StateCounterResetContract, IClassFixture<RedisFixture>
{
    private readonly RedisStateStore _store;

    public RedisStateCounterResetTests(RedisFixture redis) =>
        _store = new RedisStateStore(redis.Redis, Time, new RedisStateOptions { KeyPrefix = $"t{Guid.NewGuid():N}:" });

    protected override IStateStore Store => _store;
}
