using Mizugiwa.Core.State;
using Mizugiwa.Storage.State;

namespace Mizugiwa.Storage.Tests.State;

/// <summary>The contract against a real redis-server; "now" is still the fake clock, because it comes from the caller.</summary>
public sealed class RedisStateStoreContractTests : StateStoreContract, IClassFixture<RedisFixture>
{
    private readonly RedisStateStore _store;

    public RedisStateStoreContractTests(RedisFixture redis) =>
        _store = new RedisStateStore(redis.Redis, Time, new RedisStateOptions { KeyPrefix = $"t{Guid.NewGuid():N}:" });

    protected override IStateStore Store => _store;
}
