namespace Mizugiwa.Policy.Flow;

/// <summary>One counter against its limit, for <c>mizugiwa limits show</c>.</summary>
/// <param name="Scope">The address, the network, or "all clients".</param>
/// <param name="Limit">0 when the limit is off.</param>
/// <param name="Reached">Whether the counter is at the point where the check answers 4xx.</param>
public sealed record LimitUsage(string Scope, string Name, long Current, long Limit, TimeSpan? Window, bool Reached, string? Note = null)
{
    public override string ToString()
    {
        var name = Window is { } window ? $"{Name} / {DurationText.Format(window)}" : Name;
        var limit = Limit > 0 ? Limit.ToString() : "off";
        var line = $"{Scope,-26} {name,-34} {Current,8} / {limit,-8}";
        if (Reached) line += " REACHED";
        if (Note is not null) line += $" ({Note})";
        return line.TrimEnd();
    }
}
