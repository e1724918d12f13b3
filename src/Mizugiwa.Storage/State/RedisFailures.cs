using StackExchange.Redis;

namespace Mizugiwa.Storage.State;

/// <summary>Which exceptions mean "Redis is not answering properly" (as opposed to a cancelled caller).</summary>
internal static class RedisFailures
{
    /// <summary>
    /// Connection and timeout errors, server errors (LOADING, READONLY, MASTERDOWN, BUSY, OOM …),
    /// a disposed multiplexer, and the failover's own operation timeout.
    /// </summary>
    public static bool IsFailure(Exception exception) =>
        exception is RedisException or TimeoutException or ObjectDisposedException;
}
