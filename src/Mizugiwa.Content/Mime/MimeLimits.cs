namespace Mizugiwa.Content.Mime;

/// <summary>How far the MIME walk goes: nesting depth and the number of parts visited.</summary>
public sealed record MimeLimits(int MaxDepth = 32, int MaxParts = 1000)
{
    public static readonly MimeLimits Default = new();
}
