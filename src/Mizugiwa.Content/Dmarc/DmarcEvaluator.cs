using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Dmarc;

/// <summary>
/// Evaluates DMARC (RFC 7489 §6.6) for a From domain from the SPF and DKIM verdicts already made:
/// policy discovery, identifier alignment, the result, and the policy to apply (sp=, pct=).
/// </summary>
public sealed class DmarcEvaluator
{
    private readonly PublicSuffixList _publicSuffixes;
    private readonly DmarcPolicyDiscovery _discovery;
    private readonly DmarcIdentifierAlignment _alignment;
    private readonly Func<int> _percentSampler;

    /// <param name="percentSampler">Answers a number in 0..99 per failing message; the policy applies when it is below pct=.</param>
    public DmarcEvaluator(IDnsResolver resolver, PublicSuffixList publicSuffixes, Func<int>? percentSampler = null)
    {
        _publicSuffixes = publicSuffixes;
        _discovery = new DmarcPolicyDiscovery(resolver);
        _alignment = new DmarcIdentifierAlignment(publicSuffixes);
        _percentSampler = percentSampler ?? (() => Random.Shared.Next(100));
    }

    /// <param name="fromDomain">The From domain as lower-case A-labels (see <see cref="DmarcFromDomain"/>).</param>
    /// <param name="spf">SPF verdicts; the "mailfrom" one counts (the "helo" one only for the null sender, RFC 7489 §3.1.2).</param>
    /// <param name="dkim">DKIM verdicts, one per signature.</param>
    /// <param name="nullSender">The envelope sender was empty.</param>
    public async Task<DmarcEvaluation> EvaluateAsync(string fromDomain, IReadOnlyList<SpfVerdict> spf, IReadOnlyList<DkimVerdict> dkim,
        bool nullSender, CancellationToken cancellationToken)
    {
        var organisational = _publicSuffixes.OrganisationalDomain(fromDomain) ?? fromDomain;
        var discovery = await _discovery.DiscoverAsync(fromDomain, organisational, cancellationToken);
        switch (discovery.Status)
        {
            case DmarcDiscoveryStatus.NoRecord:
                return new("none", fromDomain, organisational, null, null, null, null, discovery.Reason);
            case DmarcDiscoveryStatus.TemporaryError:
                return new("temperror", fromDomain, organisational, null, null, null, null, discovery.Reason);
            case DmarcDiscoveryStatus.PermanentError:
                return new("permerror", fromDomain, organisational, null, discovery.RecordDomain, null, null, discovery.Reason);
        }

        var record = discovery.Record!;
        // sp= is the Organizational Domain's policy for its subdomains; a record at the From domain itself uses p=.
        var requested = discovery.RecordDomain != fromDomain ? record.SubdomainPolicy ?? record.Policy : record.Policy;

        var spfIdentities = SpfIdentities(spf, nullSender);
        var alignedBy = AlignedPass(dkim, spfIdentities, fromDomain, record);
        if (alignedBy is not null)
            return new("pass", fromDomain, organisational, record, discovery.RecordDomain, requested, null, null, alignedBy);

        if (AlignedTemporaryError(dkim, spfIdentities, fromDomain, record) is { } transient)
            return new("temperror", fromDomain, organisational, record, discovery.RecordDomain, requested, null, $"no aligned pass; {transient} temperror");

        var disposition = Sampled(record.Percent) ? requested : Milder(requested);
        return new("fail", fromDomain, organisational, record, discovery.RecordDomain, requested, disposition,
            AlignmentFailure(dkim, spfIdentities));
    }

    private static List<SpfVerdict> SpfIdentities(IReadOnlyList<SpfVerdict> spf, bool nullSender)
    {
        var mailFrom = spf.Where(v => v.Scope.Equals("mailfrom", StringComparison.OrdinalIgnoreCase)).ToList();
        if (mailFrom.Count == 0 && nullSender) return spf.Where(v => v.Scope.Equals("helo", StringComparison.OrdinalIgnoreCase)).ToList();
        return mailFrom;
    }

    private string? AlignedPass(IReadOnlyList<DkimVerdict> dkim, List<SpfVerdict> spf, string fromDomain, DmarcRecord record)
    {
        foreach (var signature in dkim)
        {
            if (Is(signature.Result, "pass") && _alignment.IsAligned(signature.Domain, fromDomain, record.DkimAlignment))
                return $"dkim {signature.Domain}";
        }
        foreach (var check in spf)
        {
            if (Is(check.Result, "pass") && _alignment.IsAligned(check.Domain, fromDomain, record.SpfAlignment))
                return $"spf {check.Domain}";
        }
        return null;
    }

    /// <summary>An aligned identifier whose check failed transiently might have passed: the result is then temperror, not fail.</summary>
    private string? AlignedTemporaryError(IReadOnlyList<DkimVerdict> dkim, List<SpfVerdict> spf, string fromDomain, DmarcRecord record)
    {
        if (dkim.Any(s => Is(s.Result, "temperror") && _alignment.IsAligned(s.Domain, fromDomain, record.DkimAlignment))) return "dkim";
        if (spf.Any(s => Is(s.Result, "temperror") && _alignment.IsAligned(s.Domain, fromDomain, record.SpfAlignment))) return "spf";
        return null;
    }

    private static string AlignmentFailure(IReadOnlyList<DkimVerdict> dkim, List<SpfVerdict> spf)
    {
        var passes = dkim.Where(s => Is(s.Result, "pass")).Select(s => $"dkim {s.Domain}")
            .Concat(spf.Where(s => Is(s.Result, "pass")).Select(s => $"spf {s.Domain}")).ToList();
        return passes.Count == 0 ? "no SPF or DKIM pass" : $"not aligned: {string.Join(", ", passes)}";
    }

    /// <summary>pct= sampling (RFC 7489 §6.6.4): the policy applies to pct percent of failing messages.</summary>
    private bool Sampled(int percent) => percent switch
    {
        >= 100 => true,
        <= 0 => false,
        _ => _percentSampler() < percent,
    };

    /// <summary>A message not sampled gets the next milder policy: reject becomes quarantine, quarantine becomes none (§6.6.4).</summary>
    private static DmarcPolicy Milder(DmarcPolicy policy) => policy == DmarcPolicy.None ? DmarcPolicy.None : policy - 1;

    private static bool Is(string result, string expected) => result.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
