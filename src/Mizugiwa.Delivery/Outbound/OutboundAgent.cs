using Microsoft.Extensions.Logging;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound.MtaSts;

namespace Mizugiwa.Delivery.Outbound;

/// <summary>
/// Delivers the routed recipients of one message: grouped by destination (one SMTP transaction,
/// one connection, for all recipients of a domain that get the same copy), each destination under the
/// per-destination connection limit, its hosts tried in MX order until one answers for the recipients.
/// With a relay host (<see cref="SmtpRelay"/>) all "mx" recipients are one destination, whatever their domains.
/// Relayed recipients get their added headers and Subject tag (<see cref="RecipientCopy"/>).
/// With <paramref name="mtaSts"/>, a domain's MTA-STS policy narrows and hardens its MX plan (<see cref="MtaStsEnforcement"/>);
/// it never applies to the relay host or fixed next hops, only to "mx:" destinations.
/// </summary>
public sealed class OutboundAgent(MxPlanner planner, IOutboundTransport transport, DestinationLimiter limiter, ILogger logger,
    MtaStsPolicies? mtaSts = null) : IAsyncDisposable
{
    /// <summary>Closes the transport's idle connections (see <see cref="MailKitTransport"/>).</summary>
    public ValueTask DisposeAsync() => transport is IAsyncDisposable d ? d.DisposeAsync() : ValueTask.CompletedTask;

    public async Task<IReadOnlyList<(EnvelopeRecipient Recipient, RecipientResult Result)>> DeliverAsync(
        OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        // Relayed recipients whose copies differ (spam label, Subject tag) cannot share one transaction.
        var groups = recipients.GroupBy(r => (Destination: planner.DestinationOf(r).ToLowerInvariant(), Label: RecipientCopy.LabelOf(r)))
            .Select(g => DeliverToAsync(message, g.Key.Destination, [.. g], cancellationToken));
        return [.. (await Task.WhenAll(groups)).SelectMany(r => r)];
    }

    private async Task<IEnumerable<(EnvelopeRecipient, RecipientResult)>> DeliverToAsync(
        OutboundMessage message, string destination, List<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        using var slot = await limiter.AcquireAsync(destination, cancellationToken);
        var plan = await planner.PlanAsync(destination, cancellationToken);
        if (mtaSts is not null && plan.Result is null && destination.StartsWith("mx:", StringComparison.Ordinal) && !destination.StartsWith("mx:[", StringComparison.Ordinal))
        {
            string domain = destination[3..];
            plan = MtaStsEnforcement.Apply(plan, domain, await mtaSts.GetAsync(domain, cancellationToken), message.Envelope.QueueId, logger);
        }
        if (plan.Result is { } stop) return recipients.Select(r => (r, stop));
        var labelled = await RecipientCopy.MakeAsync(message, recipients[0].AddedHeaders ?? "", recipients[0].SubjectTag, cancellationToken);
        RecipientResult? last = null;
        foreach (var host in plan.Hosts)
        {
            var result = await transport.SendAsync(host, labelled, recipients, cancellationToken);
            if (result.Recipients is { } answered) return recipients.Zip(answered);
            last = result.SessionFailure;
            logger.LogInformation("queue={QueueId} outbound host={Host} status=unavailable ({Reason})",
                message.Envelope.QueueId, host, last?.Diagnostic);
        }
        var failure = last ?? RecipientResult.Deferred("4.4.1", $"no host of {destination} could be reached");
        return recipients.Select(r => (r, failure));
    }
}
