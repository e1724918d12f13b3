using System.Net;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Spf;

/// <summary>
/// One run of check_host() with its DNS-lookup and void-lookup counters (RFC 7208 §4.6.4), which
/// include and redirect share. temperror and permerror end the whole run wherever they happen.
/// </summary>
internal sealed class SpfCheck(
    IDnsResolver dns,
    SpfEvaluatorOptions options,
    TimeProvider time,
    IPAddress ip,
    string sender,
    string helo,
    CancellationToken cancellationToken)
{
    private int _lookups;
    private int _voids;

    private sealed record Outcome(SpfResult Result, string? Mechanism, string? Explanation);

    private sealed class Stop(SpfResult result, string problem) : Exception(problem)
    {
        public SpfResult Result { get; } = result;
    }

    public async Task<SpfCheckResult> RunAsync(string domain)
    {
        try
        {
            var outcome = await EvaluateAsync(domain, explain: true);
            return new SpfCheckResult(outcome.Result, domain, outcome.Mechanism, outcome.Explanation);
        }
        catch (Stop stop)
        {
            return new SpfCheckResult(stop.Result, domain, Problem: stop.Message);
        }
    }

    /// <summary>check_host() for one domain; <paramref name="explain"/> is false inside include (§6.2).</summary>
    private async Task<Outcome> EvaluateAsync(string domain, bool explain)
    {
        var none = new Outcome(SpfResult.None, null, null);
        if (!SpfDomainNames.IsCheckable(domain)) return none;
        var txt = await dns.LookupTxtAsync(domain, cancellationToken);
        if (txt.IsTemporaryFailure) throw new Stop(SpfResult.TempError, $"TXT lookup for {domain} failed: {txt.Error}");
        if (!txt.IsOk) return none;
        var records = txt.Value!.Where(SpfRecordParser.IsSpfRecord).ToList();
        if (records.Count == 0) return none;
        if (records.Count > 1) throw new Stop(SpfResult.PermError, $"{domain} has {records.Count} SPF records");
        if (!SpfRecordParser.TryParse(records[0], out var record, out var error)) throw new Stop(SpfResult.PermError, $"{domain}: {error}");

        foreach (var directive in record.Directives)
        {
            if (!await MatchesAsync(directive, domain)) continue;
            var explanation = directive.Qualifier == SpfResult.Fail && explain && record.Explanation is not null
                ? await ExplainAsync(record.Explanation, domain)
                : null;
            return new Outcome(directive.Qualifier, directive.Text, explanation);
        }
        if (record.Redirect is not null && !record.HasAll)
        {
            CountLookup();
            var target = await ExpandDomainAsync(record.Redirect, domain);
            // The redirect target's exp= applies, not the original's (§6.2).
            var redirected = await EvaluateAsync(target, explain);
            if (redirected.Result == SpfResult.None) throw new Stop(SpfResult.PermError, $"redirect={target}: no SPF record");
            return redirected;
        }
        return new Outcome(SpfResult.Neutral, null, null);
    }

    private Task<bool> MatchesAsync(SpfDirective directive, string domain) => directive.Kind switch
    {
        SpfMechanismKind.All => Task.FromResult(true),
        SpfMechanismKind.Include => IncludeAsync(directive, domain),
        SpfMechanismKind.A => AAsync(directive, domain),
        SpfMechanismKind.Mx => MxAsync(directive, domain),
        SpfMechanismKind.Ptr => PtrAsync(directive, domain),
        SpfMechanismKind.Ip4 or SpfMechanismKind.Ip6 => Task.FromResult(ClientIn(directive.Network!, directive)),
        SpfMechanismKind.Exists => ExistsAsync(directive, domain),
        _ => throw new ArgumentOutOfRangeException(nameof(directive), directive.Kind, null),
    };

    private async Task<bool> IncludeAsync(SpfDirective directive, string domain)
    {
        CountLookup();
        var target = await ExpandDomainAsync(directive.DomainSpec!, domain);
        var included = await EvaluateAsync(target, explain: false);
        return included.Result switch
        {
            SpfResult.Pass => true,
            SpfResult.None => throw new Stop(SpfResult.PermError, $"include:{target}: no SPF record"),
            _ => false, // fail, softfail, neutral: no match; temperror and permerror were thrown
        };
    }

    private async Task<bool> AAsync(SpfDirective directive, string domain)
    {
        CountLookup();
        var target = directive.DomainSpec is null ? domain : await ExpandDomainAsync(directive.DomainSpec, domain);
        if (!SpfDomainNames.IsValid(target)) return false;
        var addresses = await AddressesAsync(target);
        if (addresses is null)
        {
            CountVoid();
            return false;
        }
        return addresses.Any(a => ClientIn(a, directive));
    }

    private async Task<bool> MxAsync(SpfDirective directive, string domain)
    {
        CountLookup();
        var target = directive.DomainSpec is null ? domain : await ExpandDomainAsync(directive.DomainSpec, domain);
        if (!SpfDomainNames.IsValid(target)) return false;
        var mx = await dns.LookupMxAsync(target, cancellationToken);
        if (mx.IsTemporaryFailure) throw new Stop(SpfResult.TempError, $"MX lookup for {target} failed: {mx.Error}");
        if (!mx.IsOk)
        {
            CountVoid();
            return false;
        }
        var hosts = mx.Value!.Select(m => m.Host).Where(h => h.Length > 0).ToList(); // a null MX ("." ) names no host
        if (hosts.Count > options.MxNameLimit) throw new Stop(SpfResult.PermError, $"mx:{target} has {hosts.Count} MX names (limit {options.MxNameLimit})");
        foreach (var host in hosts)
        {
            var addresses = await AddressesAsync(host);
            if (addresses is not null && addresses.Any(a => ClientIn(a, directive))) return true;
        }
        return false;
    }

    private async Task<bool> PtrAsync(SpfDirective directive, string domain)
    {
        CountLookup();
        var target = directive.DomainSpec is null ? domain : await ExpandDomainAsync(directive.DomainSpec, domain);
        var names = await ValidatedNamesAsync(countVoid: true);
        return names.Any(n => SpfDomainNames.IsAtOrBelow(n, target));
    }

    private async Task<bool> ExistsAsync(SpfDirective directive, string domain)
    {
        CountLookup();
        var target = await ExpandDomainAsync(directive.DomainSpec!, domain);
        if (!SpfDomainNames.IsValid(target)) return false;
        // exists always asks for A records, whatever the client's address family (§5.7).
        var a = await dns.LookupAddressesAsync(target, System.Net.Sockets.AddressFamily.InterNetwork, cancellationToken);
        if (a.IsTemporaryFailure) throw new Stop(SpfResult.TempError, $"A lookup for {target} failed: {a.Error}");
        if (a.IsOk) return true;
        CountVoid();
        return false;
    }

    /// <summary>A or AAAA records of the client's family; null when there are none; temperror on DNS failure.</summary>
    private async Task<IReadOnlyList<IPAddress>?> AddressesAsync(string name)
    {
        var result = await dns.LookupAddressesAsync(name, ip.AddressFamily, cancellationToken);
        if (result.IsTemporaryFailure) throw new Stop(SpfResult.TempError, $"address lookup for {name} failed: {result.Error}");
        return result.IsOk ? result.Value : null;
    }

    /// <summary>
    /// The PTR names of the client whose A/AAAA records include it (§5.5): at most the first
    /// PtrNameLimit names; DNS errors make a name (or the whole PTR lookup) count as not validated.
    /// </summary>
    private async Task<IReadOnlyList<string>> ValidatedNamesAsync(bool countVoid)
    {
        var ptr = await dns.LookupPtrAsync(ip, cancellationToken);
        if (!ptr.IsOk)
        {
            if (countVoid && ptr.IsNotFound) CountVoid();
            return [];
        }
        var validated = new List<string>();
        foreach (var name in ptr.Value!.Take(options.PtrNameLimit))
        {
            if (!SpfDomainNames.IsValid(name)) continue;
            var addresses = await dns.LookupAddressesAsync(name, ip.AddressFamily, cancellationToken);
            if (addresses.IsOk && addresses.Value!.Any(a => SpfNetworks.Unmap(a).Equals(ip))) validated.Add(name);
        }
        return validated;
    }

    /// <summary>%{p} (§7.3): the validated name that is the domain, else one below it, else any, else "unknown".</summary>
    private async Task<string> ValidatedNameAsync(string domain)
    {
        var names = await ValidatedNamesAsync(countVoid: false);
        return names.FirstOrDefault(n => n.Equals(domain, StringComparison.OrdinalIgnoreCase))
               ?? names.FirstOrDefault(n => SpfDomainNames.IsAtOrBelow(n, domain))
               ?? (names.Count > 0 ? names[0] : "unknown");
    }

    private async Task<string> ExpandDomainAsync(SpfMacroString spec, string domain)
    {
        var validated = spec.Uses('p') ? await ValidatedNameAsync(domain) : null;
        return SpfMacroExpander.ExpandDomain(spec, Context(domain, validated));
    }

    /// <summary>The exp= text (§6.2); any problem means no explanation, never an error.</summary>
    private async Task<string?> ExplainAsync(SpfMacroString spec, string domain)
    {
        var target = await ExpandDomainAsync(spec, domain);
        if (!SpfDomainNames.IsValid(target)) return null;
        var txt = await dns.LookupTxtAsync(target, cancellationToken);
        if (!txt.IsOk || txt.Value!.Count != 1) return null;
        if (!SpfMacroString.TryParse(txt.Value[0], explanation: true, out var text)) return null;
        var validated = text!.Uses('p') ? await ValidatedNameAsync(domain) : null;
        return SpfMacroExpander.Expand(text, Context(domain, validated));
    }

    private SpfMacroContext Context(string domain, string? validatedName) =>
        new(sender, domain, ip, helo, validatedName, options.ReceiverDomain, time.GetUtcNow());

    /// <summary>Whether the client is in the network of <paramref name="network"/> with the directive's cidr-length for that family.</summary>
    private bool ClientIn(IPAddress network, SpfDirective directive) =>
        SpfNetworks.InNetwork(ip, network, network.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? directive.Ip4Prefix : directive.Ip6Prefix);

    private void CountLookup()
    {
        if (++_lookups > options.DnsLookupLimit)
            throw new Stop(SpfResult.PermError, $"more than {options.DnsLookupLimit} DNS-querying terms");
    }

    private void CountVoid()
    {
        if (++_voids > options.VoidLookupLimit)
            throw new Stop(SpfResult.PermError, $"more than {options.VoidLookupLimit} void lookups");
    }
}
