namespace Mizugiwa.Configuration;

/// <summary>Where counters, blocks and greylisting live (the "State" section).</summary>
public sealed class StateOptions
{
    /// <summary>"Embedded" (this node only; blocks survive a restart) or "Redis" (shared by every node that points at it).</summary>
    public string Backend { get; set; } = "Embedded";
    /// <summary>StackExchange.Redis configuration, e.g. "127.0.0.1:6379" or "redis1:6379,password=…".</summary>
    public string? Redis { get; set; }
    public string KeyPrefix { get; set; } = "mzg:";
    /// <summary>While Redis is down (we count locally), how often to try it again.</summary>
    public int RetrySeconds { get; set; } = 5;

    public bool UsesRedis => Backend.Equals("Redis", StringComparison.OrdinalIgnoreCase);
}
