using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Mizugiwa.Configuration;
using Mizugiwa.Core;
using Mizugiwa.Policy.Access;
using Mizugiwa.Policy.Client;
using Mizugiwa.Policy.Dns;
using Mizugiwa.Policy.Dnsbl;
using Mizugiwa.Policy.Flow;
using Mizugiwa.Policy.Harvest;
using Mizugiwa.Core.State;
using Mizugiwa.Policy.Greylist;
using Mizugiwa.Policy.Helo;
using Mizugiwa.Policy.Pipeline;
using Mizugiwa.Policy.PolicyDelegation;
using Mizugiwa.Policy.Rgrey;
using Mizugiwa.Policy.S25r;
using Mizugiwa.Smtp.Checks;
using Mizugiwa.Storage;

namespace Mizugiwa.Hosting;

/// <summary>The IP- and SMTP-level checks, built from the "Checks" configuration and run in cost order.</summary>
internal static class PolicyServices
{
    public static void Add(IServiceCollection services, MizugiwaOptions options, TimeProvider time)
    {
        var checks = options.Checks;
        AddDns(services, options);
        services.AddMizugiwaDnsbl(new DnsblCheckOptions
        {
            Zones = [.. checks.Dnsbl.Zones.Select(z => new DnsblZone
            {
                Zone = z.Zone,
                Action = Enum.Parse<DnsblAction>(z.Action, ignoreCase: true),
                Weight = z.Weight,
                AcceptedCodes = z.AcceptedCodes,
                Message = z.Message ?? DnsblZone.DefaultMessage,
            })],
            FailureMode = Enum.Parse<DnsblFailureMode>(checks.Dnsbl.OnFailure, ignoreCase: true),
        });
        services.AddSingleton(_ => AccessStoreFactory.Open(options));
        services.AddSingleton(sp => new AccessList(sp.GetRequiredService<IAccessRuleStore>(), time, TimeSpan.FromSeconds(checks.AccessRefreshSeconds)));
        StateServices.Add(services, options, time);
        // One guard for both pipelines, so runtime settings reach it (RuntimeSettingsWatcher).
        services.AddSingleton(sp => new HarvestGuard(sp.GetRequiredService<IStateStore>(), HarvestOptionsFrom(checks), time, sp.GetRequiredService<ILogger<HarvestGuard>>()));
        services.AddSingleton(sp => new FlowControl(sp.GetRequiredService<IStateStore>(), FlowOptionsFrom(checks)));
        services.AddSingleton(sp => new Greylister(sp.GetRequiredService<IGreylistStore>(), GreylistOptionsFrom(checks.Rgrey), time));
        services.AddHostedService(sp => new GreylistPurger(sp.GetRequiredService<Greylister>(), time, sp.GetRequiredService<ILogger<GreylistPurger>>()));
        services.AddSingleton(_ => LoadS25rRules(checks.Rgrey));
        services.AddSingleton(sp => new Web.DecisionMetrics(TransactionLog(sp, options), time));
        services.AddSingleton<IDecisionLog>(sp => sp.GetRequiredService<Web.DecisionMetrics>());
        services.AddSingleton<ISmtpPolicy>(sp => Pipeline(sp, options, withFlowControl: true));
        services.AddKeyedSingleton<ISmtpPolicy>(PolicyDelegationServiceCollectionExtensions.PolicyKey, (sp, _) => Pipeline(sp, options, withFlowControl: false));
    }

    /// <summary>The transaction log: this node's SQLite database, or the PostgreSQL all nodes share.</summary>
    private static IDecisionLog TransactionLog(IServiceProvider sp, MizugiwaOptions options) => options.Log.UsesPostgres
        ? new PostgresDecisionLog(options.Log.ConnectionString!, options.HostName, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mizugiwa.Log"))
        : new SqliteDecisionLog(options.DatabasePath);

    /// <summary>The reader of the configured transaction log (for `mizugiwa log`).</summary>
    public static IDecisionLogReader TransactionLogReader(MizugiwaOptions options) => options.Log.UsesPostgres
        ? new PostgresDecisionLogReader(options.Log.ConnectionString!)
        : new SqliteDecisionLogReader(options.DatabasePath);

    /// <summary>The cached resolver every check and the content level ask, pointed at the configured servers.</summary>
    public static void AddDns(IServiceCollection services, MizugiwaOptions options) =>
        services.AddMizugiwaDns(new DnsResolverOptions
        {
            Servers = options.Checks.Dns.Servers,
            Timeout = TimeSpan.FromMilliseconds(options.Checks.Dns.TimeoutMilliseconds),
            Retries = options.Checks.Dns.Retries,
        });

    public static FlowControlOptions FlowOptionsFrom(ChecksOptions checks)
    {
        var f = checks.Flow;
        return new FlowControlOptions
        {
            PerAddress = FlowLimits.DefaultPerAddress with
            {
                Concurrent = f.ConcurrentPerAddress,
                Connections = f.ConnectionsPerMinutePerAddress,
                Messages = f.MessagesPer10MinutesPerAddress,
                Recipients = f.RecipientsPer10MinutesPerAddress,
            },
            PerNetwork = FlowLimits.DefaultPerNetwork with
            {
                Concurrent = f.ConcurrentPerNetwork,
                Connections = f.ConnectionsPerMinutePerNetwork,
                Messages = f.MessagesPer10MinutesPerNetwork,
                Recipients = f.RecipientsPer10MinutesPerNetwork,
            },
            TrustedNetworks = [.. f.TrustedNetworks.Select(n => IPNetwork.Parse(n))],
        };
    }

    public static HarvestGuardOptions HarvestOptionsFrom(ChecksOptions checks)
    {
        var h = checks.Harvest;
        var window = TimeSpan.FromSeconds(h.WindowSeconds);
        return new HarvestGuardOptions
        {
            PerAddress = HarvestThresholds.DefaultPerAddress with
            {
                Window = window,
                UnknownRecipients = h.UnknownRecipientsPerAddress,
                RcptOnlyTransactions = h.RcptOnlyTransactionsPerAddress,
                UnknownShare = h.UnknownShare,
            },
            PerNetwork = HarvestThresholds.DefaultPerNetwork with
            {
                Window = window,
                UnknownRecipients = h.UnknownRecipientsPerNetwork,
                RcptOnlyTransactions = h.RcptOnlyTransactionsPerNetwork,
                UnknownShare = h.UnknownShare,
            },
            RefuseAtConnect = h.RefuseAtConnect,
            BaseBlock = TimeSpan.FromSeconds(h.BlockSeconds),
            MaxBlock = TimeSpan.FromSeconds(h.MaxBlockSeconds),
            TarpitAfter = h.TarpitAfter,
            TarpitStep = TimeSpan.FromMilliseconds(h.TarpitStepMilliseconds),
            TarpitMax = TimeSpan.FromMilliseconds(h.TarpitMaxMilliseconds),
            GlobalUnknownRecipients = h.GlobalUnknownRecipients,
            TrustedNetworks = [.. h.TrustedNetworks.Select(n => IPNetwork.Parse(n))],
        };
    }

    public static GreylistOptions GreylistOptionsFrom(RgreyOptions rgrey) => new()
    {
        Delay = TimeSpan.FromSeconds(rgrey.DelaySeconds),
        RetryWindow = TimeSpan.FromHours(rgrey.RetryWindowHours),
        Expiry = TimeSpan.FromDays(rgrey.ExpiryDays),
        AutoWhitelistAfter = rgrey.AutoWhitelistAfter,
    };

    public static S25rRules LoadS25rRules(RgreyOptions rgrey) =>
        S25rRules.Combine([S25rRules.Default, .. rgrey.RuleFiles.Select(S25rRules.LoadFile)]);

    private static CheckPipeline Pipeline(IServiceProvider sp, MizugiwaOptions options, bool withFlowControl)
    {
        var checks = options.Checks;
        return new CheckPipeline(OrderedChecks(sp, options, withFlowControl), new PipelineOptions
        {
            DelayReject = checks.DelayReject,
            ExemptPostmaster = checks.ExemptPostmaster,
            CheckTimeout = TimeSpan.FromSeconds(checks.CheckTimeoutSeconds),
            OnCheckFailure = Enum.Parse<CheckFailureMode>(checks.OnCheckFailure, ignoreCase: true),
        }, sp.GetRequiredService<ILogger<CheckPipeline>>());
    }

    /// <summary>Cheapest first: lists in memory, lookups started at connect, HELO, then what needs DNS answers.</summary>
    private static IEnumerable<ICheck> OrderedChecks(IServiceProvider sp, MizugiwaOptions options, bool withFlowControl)
    {
        var checks = options.Checks;
        var access = new AccessCheck(sp.GetRequiredService<AccessList>());
        if (sp.GetService<SqlDirectory>() is { } directory) yield return new PersonalListCheck(directory, directory);
        yield return new TrustedNetworksCheck([.. checks.EffectiveTrustedNetworks.Select(n => IPNetwork.Parse(n))]);
        yield return access;
        if (withFlowControl && checks.Flow.Enabled) yield return sp.GetRequiredService<FlowControl>();
        if (checks.Harvest.Enabled) yield return sp.GetRequiredService<HarvestGuard>();
        yield return new ClientNameLookup(sp.GetRequiredService<FcrDns>());
        yield return sp.GetRequiredService<DnsblCheck>();
        yield return new HeloCheck(new HeloCheckOptions
        {
            // Domains we are the MX for in gateway mode are ours too: nobody else may claim them.
            OwnNames = [options.HostName, .. checks.Helo.MxNames, .. options.Gateway.Domains.Select(d => d.Domain)],
            OwnAddresses = [.. OwnAddresses(options)],
            ProtectedProviders = checks.Helo.ProtectedProviders ?? HeloCheckOptions.DefaultProviders,
            NonFqdn = Enum.Parse<HeloAction>(checks.Helo.NonFqdn, ignoreCase: true),
            LiteralMismatch = Enum.Parse<HeloAction>(checks.Helo.LiteralMismatch, ignoreCase: true),
        }, sp.GetRequiredService<IRecipientDirectory>(), LocalDomains(sp));
        yield return new RgreyCheck(Enum.Parse<RgreyMode>(checks.Rgrey.Mode, ignoreCase: true), sp.GetRequiredService<S25rRules>(),
            sp.GetRequiredService<Greylister>(), checks.Rgrey.HeaderName);
    }

    /// <summary>The local domains in memory for the HELO check (no directory query per HELO), when the directory is the SQLite one.</summary>
    private static LocalDomainSnapshot? LocalDomains(IServiceProvider sp) =>
        sp.GetService<SqlDirectory>() is { } directory
            ? new LocalDomainSnapshot(directory.ListDomainsAsync, sp.GetRequiredService<TimeProvider>(), LocalDomainSnapshot.DefaultRefresh)
            : null;

    private static IEnumerable<IPAddress> OwnAddresses(MizugiwaOptions options)
    {
        var listen = IPAddress.Parse(options.Mx.Address);
        if (!listen.Equals(IPAddress.Any) && !listen.Equals(IPAddress.IPv6Any)) yield return listen;
        foreach (var address in options.Checks.Helo.OwnAddresses) yield return IPAddress.Parse(address);
    }
}
