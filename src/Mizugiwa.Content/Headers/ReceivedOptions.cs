namespace Mizugiwa.Content.Headers;

/// <param name="OwnHeaders">Received fields our own server prepended before the scan (not counted as the sender's).</param>
/// <param name="MaxHops">More Received fields than this is a loop or padding (RFC 5321 6.3 suggests rejecting at 100; real mail stays far below 30).</param>
public sealed record ReceivedOptions(int OwnHeaders = 0, int MaxHops = 30)
{
    public static readonly ReceivedOptions Default = new();
}
