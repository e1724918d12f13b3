namespace Mizugiwa.Policy.Flow;

/// <summary>The limits for one scope (one client address, or one network). 0 turns a limit off.</summary>
public sealed record FlowLimits
{
    /// <summary>Connections open at the same time.</summary>
    public int Concurrent { get; init; } = 20;
    /// <summary>New connections within <see cref="ConnectionWindow"/>.</summary>
    public int Connections { get; init; } = 60;
    public TimeSpan ConnectionWindow { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>MAIL commands within <see cref="MessageWindow"/>.</summary>
    public int Messages { get; init; } = 120;
    public TimeSpan MessageWindow { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>RCPT commands within <see cref="RecipientWindow"/>.</summary>
    public int Recipients { get; init; } = 500;
    public TimeSpan RecipientWindow { get; init; } = TimeSpan.FromMinutes(10);

    public static FlowLimits DefaultPerAddress { get; } = new();

    /// <summary>Four times the per-address limits: a /24 or /64 is a handful of hosts, not one.</summary>
    public static FlowLimits DefaultPerNetwork { get; } = new() { Concurrent = 80, Connections = 240, Messages = 480, Recipients = 2000 };
}
