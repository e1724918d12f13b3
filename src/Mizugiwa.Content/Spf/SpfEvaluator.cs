using System.Net;
using Mizugiwa.Policy.Dns;

namespace Mizugiwa.Content.Spf;

/// <summary>
/// check_host() of RFC 7208 §4 over <see cref="IDnsResolver"/>. Independent of messages, so the SMTP
/// stage can call it at MAIL FROM as well. Thread-safe: every call keeps its own counters.
/// </summary>
public sealed class SpfEvaluator(IDnsResolver dns, SpfEvaluatorOptions? options = null, TimeProvider? timeProvider = null)
{
    private readonly SpfEvaluatorOptions _options = options ?? new SpfEvaluatorOptions();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Evaluates the SPF record of <paramref name="domain"/> for mail from <paramref name="sender"/> sent by <paramref name="ip"/>.</summary>
    /// <param name="ip">The SMTP client; IPv4-mapped IPv6 addresses are checked as IPv4.</param>
    /// <param name="domain">The domain to check: the MAIL FROM domain, or the HELO name.</param>
    /// <param name="sender">The MAIL FROM address, or postmaster@HELO; a missing local-part becomes "postmaster".</param>
    /// <param name="helo">The HELO/EHLO argument for %{h}, or null.</param>
    public async Task<SpfCheckResult> CheckHostAsync(IPAddress ip, string domain, string sender, string? helo, CancellationToken cancellationToken)
    {
        var normalized = SpfDomainNames.Normalize(domain);
        using var limit = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var check = new SpfCheck(dns, _options, _time, SpfNetworks.Unmap(ip), CompleteSender(sender, normalized), helo ?? "", linked.Token);
        try
        {
            return await check.RunAsync(normalized);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new SpfCheckResult(SpfResult.TempError, normalized, Problem: $"the check took longer than {_options.Timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>RFC 7208 §4.3: a sender without a local-part is postmaster@domain.</summary>
    private static string CompleteSender(string sender, string domain)
    {
        int at = sender.LastIndexOf('@');
        if (at < 0) return "postmaster@" + (sender.Length == 0 ? domain : sender);
        return at == 0 ? "postmaster" + sender : sender;
    }
}
