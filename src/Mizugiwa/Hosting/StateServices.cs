using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Storage.State;
using StackExchange.Redis;

namespace Mizugiwa.Hosting;

/// <summary>
/// The shared-state role and greylisting storage: embedded (this node; blocks and greylist entries
/// kept in SQLite; greylist entries answered from memory and written behind), or Redis shared by every node, each falling back to local state while Redis is
/// unreachable (see docs/STATE.md).
/// </summary>
internal static class StateServices
{
    public static void Add(IServiceCollection services, MizugiwaOptions options, TimeProvider time)
    {
        var state = options.State;
        var stateDatabase = Path.Combine(options.DataDirectory, "state.db");
        var greylistDatabase = Path.Combine(options.DataDirectory, "greylist.db");
        var greylistOptions = PolicyServices.GreylistOptionsFrom(options.Checks.Rgrey);
        if (!state.UsesRedis)
        {
            services.AddSingleton<IStateStore>(_ => new EmbeddedStateStore(stateDatabase, time));
            // Answers from memory and writes behind in batches; disposed (flushed) when the host stops.
            services.AddSingleton<IGreylistStore>(sp => new WriteBehindGreylistStore(new SqliteGreylistStore(greylistDatabase),
                logger: sp.GetRequiredService<ILogger<WriteBehindGreylistStore>>()));
            return;
        }
        services.AddSingleton<IConnectionMultiplexer>(_ => Connect(state.Redis!));
        services.AddSingleton<IStateStore>(sp => new FailoverStateStore(
            new RedisStateStore(sp.GetRequiredService<IConnectionMultiplexer>(), time, new RedisStateOptions { KeyPrefix = state.KeyPrefix }),
            new EmbeddedStateStore(stateDatabase, time),
            time, sp.GetRequiredService<ILogger<FailoverStateStore>>(),
            new FailoverOptions { RetryInterval = TimeSpan.FromSeconds(state.RetrySeconds) }));
        services.AddSingleton<IGreylistStore>(sp => new FailoverGreylistStore(
            new RedisGreylistStore(sp.GetRequiredService<IConnectionMultiplexer>(), greylistOptions, time, state.KeyPrefix),
            new SqliteGreylistStore(greylistDatabase),
            time, sp.GetRequiredService<ILogger<FailoverGreylistStore>>(), TimeSpan.FromSeconds(state.RetrySeconds)));
    }

    /// <summary>
    /// The store as the management commands see it: the embedded store's persisted keys, or with
    /// Redis the same failover pair as the server's, so `blocks list|release` also see a block this
    /// node wrote to its own state.db while Redis was down.
    /// </summary>
    public static IStateStore OpenForCli(MizugiwaOptions options)
    {
        var local = new EmbeddedStateStore(Path.Combine(options.DataDirectory, "state.db"), TimeProvider.System);
        if (!options.State.UsesRedis) return local;
        var redis = new RedisStateStore(Connect(options.State.Redis!), TimeProvider.System, new RedisStateOptions { KeyPrefix = options.State.KeyPrefix });
        return new FailoverStateStore(redis, local, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<FailoverStateStore>.Instance);
    }

    /// <summary>Tells the administrator on stderr when a command's Redis store did not answer, so that what it read or changed was this node's local state only.</summary>
    public static async Task WarnIfLocalOnlyAsync(IStateStore store)
    {
        if (store is FailoverStateStore { IsShared: false })
            await Console.Error.WriteLineAsync("mizugiwa: warning: the shared state store (Redis) did not answer; this read or changed only this node's local state (state.db), not what the other nodes see");
    }

    /// <summary>Starts even while Redis is down: the failover stores count locally until it answers.</summary>
    public static ConnectionMultiplexer Connect(string configuration)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        redis.AbortOnConnectFail = false;
        redis.ConnectTimeout = 2000;
        redis.SyncTimeout = 1000;
        redis.AsyncTimeout = 1000;
        // While disconnected, fail at once (the failover counts locally) instead of queueing commands.
        redis.BacklogPolicy = BacklogPolicy.FailFast;
        redis.ReconnectRetryPolicy = new ExponentialRetry(500, 5000);
        return ConnectionMultiplexer.Connect(redis);
    }
}
