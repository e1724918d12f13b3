using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Content;
using Mizugiwa.Content.Dmarc;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Mime;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Storage;

namespace Mizugiwa.Hosting;

/// <summary>The content level, built from the "Content" configuration: analyzers, scoring and the filter at end of DATA.</summary>
internal static class ContentServices
{
    public static void Add(IServiceCollection services, MizugiwaOptions options)
    {
        services.AddSingleton(sp => new ContentScanner(Analyzers(sp, options), Scoring(options.Content),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Content")));
        services.AddSingleton<IAuthenticationResultsFormat, Rfc8601AuthenticationResultsFormat>();
        services.AddSingleton(sp => FilterOptions(options));
        if (!options.Content.Enabled) return;
        services.AddSingleton<IContentFilter>(sp =>
        {
            var format = sp.GetRequiredService<IAuthenticationResultsFormat>();
            return new ContentFilter(sp.GetRequiredService<ContentScanner>(), sp.GetRequiredService<ContentFilterOptions>(),
                sp.GetRequiredService<SqliteDirectory>(), format,
                [new ForgedAuthenticationResultsRemover(format, options.HostName)],
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Content"));
        });
    }

    public static ContentFilterOptions FilterOptions(MizugiwaOptions options) => new()
    {
        AuthServId = options.HostName,
        MaxScanSize = options.Content.MaxScanSize,
        Scoring = Scoring(options.Content),
        Mime = new MimeLimits(options.Content.MimeMaxDepth, options.Content.MimeMaxParts),
    };

    private static ScoringOptions Scoring(ContentOptions content) => new()
    {
        SpamScore = content.SpamScore,
        RejectScore = content.RejectScore,
        Weights = new Dictionary<string, double>(content.Weights, StringComparer.OrdinalIgnoreCase),
        ForcedActions = content.ForcedActions.ToDictionary(p => p.Key, p => Enum.Parse<ContentAction>(p.Value, ignoreCase: true), StringComparer.OrdinalIgnoreCase),
    };

    private static List<IContentAnalyzer> Analyzers(IServiceProvider sp, MizugiwaOptions options)
    {
        var dns = sp.GetRequiredService<IDnsResolver>();
        var content = options.Content;
        List<IContentAnalyzer> all =
        [
            new DmarcAnalyzer(dns, content.Dmarc, sp.GetRequiredService<ILogger<DmarcAnalyzer>>()),
            new GtubeAnalyzer(),
        ];
        return [.. all.Where(a => !options.Content.Disabled.Contains(a.Name, StringComparer.OrdinalIgnoreCase))];
    }
}
