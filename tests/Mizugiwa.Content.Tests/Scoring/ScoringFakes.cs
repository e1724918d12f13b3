using System.Net;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Content.Tests.Scoring;

/// <summary>An analyzer that adds fixed symbols (and optionally forces an action).</summary>
internal sealed class FixedAnalyzer(string name, ContentStage stage, params ContentSymbol[] symbols) : IContentAnalyzer
{
    public string Name => name;
    public IReadOnlyCollection<string> Symbols => [.. symbols.Select(s => s.Name)];
    public ContentStage Stage => stage;
    public ContentAction Force { get; init; }
    public Func<ContentReport, ValueTask>? Before { get; init; }

    public async ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken)
    {
        if (Before is not null) await Before(report);
        foreach (var symbol in symbols) report.Add(symbol);
        if (Force != ContentAction.None) report.Force(Force, $"{name} forced it");
    }
}

internal sealed class ThrowingAnalyzer : IContentAnalyzer
{
    public string Name => "broken";
    public IReadOnlyCollection<string> Symbols => [];
    public ContentStage Stage => ContentStage.Analysis;
    public ValueTask AnalyzeAsync(ContentMessage message, ContentReport report, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
}

internal sealed class FixedModes(Dictionary<string, FilterMode> modes) : IFilterModeDirectory
{
    public ValueTask<FilterMode> GetFilterModeAsync(string mailbox, CancellationToken cancellationToken) =>
        ValueTask.FromResult(modes.TryGetValue(mailbox, out var mode) ? mode : FilterMode.Label);
}

/// <summary>A plain rendering for unit tests; the real format is tested with the A-R writer.</summary>
internal sealed class PlainAuthenticationResults : IAuthenticationResultsFormat
{
    public string Render(string authservId, IReadOnlyList<AuthResultEntry> entries) =>
        $"Authentication-Results: {authservId}; {(entries.Count == 0 ? "none" : string.Join("; ", entries.Select(e => $"{e.Method}={e.Result}")))}\r\n";

    public bool ClaimsAuthServId(string headerValue, string authservId) =>
        headerValue.Split(';')[0].Trim().Equals(authservId, StringComparison.OrdinalIgnoreCase);
}

internal static class FilterRequests
{
    public static ContentFilterRequest For(string message, params string[] mailboxes) =>
        new(new SessionContext("s1", IPAddress.Parse("192.0.2.7")) { Helo = "client.example" }, "sender@example.org",
            [.. mailboxes.Select(m => new EnvelopeRecipient { Address = m, Mailbox = m })],
            System.Text.Encoding.UTF8.GetBytes(message.ReplaceLineEndings("\r\n")));
}
