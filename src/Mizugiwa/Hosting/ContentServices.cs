using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Content;
using Mizugiwa.Content.Arc;
using Mizugiwa.Content.Attachments;
using Mizugiwa.Content.Dkim;
using Mizugiwa.Content.Bayes;
using Mizugiwa.Content.Clamd;
using Mizugiwa.Content.Dmarc;
using Mizugiwa.Content.Spf;
using Mizugiwa.Content.Urls;
using Mizugiwa.Content.Fingerprints;
using Mizugiwa.Content.Gtube;
using Mizugiwa.Content.Headers;
using Mizugiwa.Content.Rules;
using Mizugiwa.Content.Mime;
using Mizugiwa.Content.Scoring;
using Mizugiwa.Core;
using Mizugiwa.Core.State;
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
        services.AddSingleton(_ => BayesStoreFactory.Open(options));
        services.AddSingleton(sp => FilterOptions(options));
        if (!options.Content.Enabled) return;
        services.AddSingleton<IContentFilter>(sp =>
        {
            var format = sp.GetRequiredService<IAuthenticationResultsFormat>();
            return new ContentFilter(sp.GetRequiredService<ContentScanner>(), sp.GetRequiredService<ContentFilterOptions>(),
                sp.GetRequiredService<SqlDirectory>(), format,
                [new ForgedAuthenticationResultsRemover(format, options.HostName), new AttachmentStripRewriter()],
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Content"),
                sp.GetRequiredService<SqlDirectory>(),
                BayesEnabled(options) ? sp.GetRequiredService<BayesStore>() : null);
        });
    }

    /// <summary>Whether the Bayes analyzer runs (it is not in Content:Disabled); the recipients' own dictionaries are read only then.</summary>
    public static bool BayesEnabled(MizugiwaOptions options) => !options.Content.Disabled.Contains("bayes", StringComparer.OrdinalIgnoreCase);

    private static UrlAnalyzerOptions UrlOptions(UrlConfiguration urls) => new()
    {
        UriblZones = [.. urls.UriblZones.Select(z => new UriblZone { Zone = z.Zone, Name = z.Name, Score = z.Score, QueryIpHosts = z.QueryIpHosts })],
        LocalList = urls.LocalListPath is { } path ? LocalDomainList.Load(path) : null,
        MaxDnsDomains = urls.MaxDnsDomains,
        ManyHostsThreshold = urls.ManyHostsThreshold,
    };

    private static AttachmentPolicyOptions AttachmentOptions(AttachmentConfiguration attachments) => new()
    {
        BlockedExtensions = attachments.BlockedExtensions is { } list ? [.. list] : AttachmentPolicyOptions.DefaultBlockedExtensions,
        Action = Enum.Parse<AttachmentAction>(attachments.Action, ignoreCase: true),
        InspectZip = attachments.InspectZip,
    };

    public static ContentFilterOptions FilterOptions(MizugiwaOptions options) => new()
    {
        AuthServId = options.HostName,
        MaxScanSize = options.Content.MaxScanSize,
        Scoring = Scoring(options.Content),
        Mime = new MimeLimits(options.Content.MimeMaxDepth, options.Content.MimeMaxParts),
        SubjectTag = options.Content.SubjectTag,
    };

    public static ScoringOptions Scoring(ContentOptions content) => new()
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
        var time = sp.GetRequiredService<TimeProvider>();
        var suffixes = PublicSuffixList.LoadOrFallback(content.Dmarc.PublicSuffixListPath, content.Dmarc.IncludePrivateDomains, sp.GetRequiredService<ILogger<DmarcAnalyzer>>());
        var registrable = new PublicSuffixRegistrableDomain(suffixes);
        var dkimKeys = new DnsDkimPublicKeyLocator(dns);
        var dkimOptions = new DkimVerifierOptions();
        List<IContentAnalyzer> all =
        [
            new DkimAnalyzer(new DkimSignatureVerifier(dkimKeys, dkimOptions, time), dkimOptions),
            new ArcAnalyzer(new ArcChainVerifier(dkimKeys)),
            new SpfAnalyzer(new SpfEvaluator(dns, new SpfEvaluatorOptions { ReceiverDomain = options.HostName, Timeout = TimeSpan.FromSeconds(content.Spf.TimeoutSeconds) }, time),
                new SpfAnalyzerOptions { CheckHelo = content.Spf.CheckHelo }),
            new DmarcAnalyzer(dns, suffixes, content.Dmarc),
            new UrlAnalyzer(UrlOptions(content.Urls), dns, registrable),
            new OneClickUnsubscribeAnalyzer(registrable),
            new AttachmentAnalyzer(new AttachmentPolicy(AttachmentOptions(content.Attachments))),
            .. HeaderAnalyzers.Create(sp.GetRequiredService<TimeProvider>(),
                new DateHeaderOptions(TimeSpan.FromHours(content.DateFutureToleranceHours), TimeSpan.FromDays(content.DatePastToleranceDays)),
                new ReceivedOptions(OwnHeaders: 1, MaxHops: content.MaxReceivedHops)),
            new RuleAnalyzer(rules, ExtractedUrlSource.Instance, sp.GetRequiredService<ILogger<RuleAnalyzer>>()),
            new BayesAnalyzer(sp.GetRequiredService<BayesStore>()),
            new FingerprintAnalyzer(new FingerprintDatabase(sp.GetRequiredService<IStateStore>(), content.Fingerprints.ToOptions(), time)),
            new GtubeAnalyzer(),
        ];
        var senderConsistency = new SenderConsistencyAnalyzer(registrable);
        if (content.Weights.Any(w => w.Value != 0 && senderConsistency.Symbols.Contains(w.Key, StringComparer.OrdinalIgnoreCase)))
            all.Add(senderConsistency);
        if (content.Clamd.Endpoint is not { Length: > 0 } endpoint)
            ContentNameCheck.Check(content, [.. all, senderConsistency], [("clamd", ClamdAnalyzer.AllSymbols)]);
        else
        {
            all.Add(new ClamdAnalyzer(
                new ClamdScanner(new ClamdOptions { Endpoint = endpoint, Timeout = TimeSpan.FromSeconds(content.Clamd.TimeoutSeconds), StreamMaxLength = content.Clamd.StreamMaxLength }, time),
                new ClamdAnalyzerOptions { Target = Enum.Parse<ClamdScanTarget>(content.Clamd.Target, ignoreCase: true) },
                sp.GetRequiredService<ILogger<ClamdAnalyzer>>()));
            ContentNameCheck.Check(content, [.. all, senderConsistency], []);
        }
        return [.. all.Where(a => !options.Content.Disabled.Contains(a.Name, StringComparer.OrdinalIgnoreCase))];
    }
}
