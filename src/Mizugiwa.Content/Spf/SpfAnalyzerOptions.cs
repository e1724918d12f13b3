namespace Mizugiwa.Content.Spf;

/// <summary>Settings of <see cref="SpfAnalyzer"/>.</summary>
public sealed record SpfAnalyzerOptions
{
    /// <summary>Also check the HELO identity (SPF_HELO_* symbols) when the MAIL FROM is not null.</summary>
    public bool CheckHelo { get; init; } = true;
}
