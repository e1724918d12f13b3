using System.Net;

namespace Mizugiwa.Policy.Flow;

/// <summary>The counters that concern one client address: its own and its network's.</summary>
public sealed record LimitsReport(IPAddress Address, SourceScope Network, IReadOnlyList<LimitUsage> Usages);
