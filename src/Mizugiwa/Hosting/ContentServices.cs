using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Content;
using Mizugiwa.Content.Dmarc;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Rules;
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
        var rules = LoadRules(options.Content);
        services.AddSingleton(sp => new ContentScanner(Analyzers(sp, options, rules), Scoring(options.Content),
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

    /// <summary>Loaded when the server is built, so a bad rule file stops the start with its file:line.</summary>
    private static RuleSet LoadRules(ContentOptions content)
    {
        try
        {
            var sets = content.RuleFiles.Select(f => RuleSet.Load(f)).ToList();
            if (content.DefaultRules) sets.Insert(0, RuleSet.LoadDefault());
            return RuleSet.Combine([.. sets]);
        }
        catch (Exception e) when (e is RuleFileException or IOException)
        {
            throw new ConfigurationProblemException($"Content:RuleFiles: {e.Message}");
        }
    }

    private static List<IContentAnalyzer> Analyzers(IServiceProvider sp, MizugiwaOptions options, RuleSet rules)
    {
        var dns = sp.GetRequiredService<IDnsResolver>();
        var content = options.Content;
        List<IContentAnalyzer> all =
        [
            new DmarcAnalyzer(dns, content.Dmarc, sp.GetRequiredService<ILogger<DmarcAnalyzer>>()),
            .. HeaderAnalyzers.Create(sp.GetRequiredService<TimeProvider>(),
                new DateHeaderOptions(TimeSpan.FromHours(content.DateFutureToleranceHours), TimeSpan.FromDays(content.DatePastToleranceDays)),
                new ReceivedOptions(OwnHeaders: 1, MaxHops: content.MaxReceivedHops)),
            new RuleAnalyzer(rules, null, sp.GetRequiredService<ILogger<RuleAnalyzer>>()),
            new GtubeAnalyzer(),
        ];
        return [.. all.Where(a => !options.Content.Disabled.Contains(a.Name, StringComparer.OrdinalIgnoreCase))];
    }
}
