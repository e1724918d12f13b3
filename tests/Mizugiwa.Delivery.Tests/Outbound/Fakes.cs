using System.Collections.Concurrent;
using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>DNS from a table: MX records by domain, addresses by host; anything else is NotFound, names in <see cref="Failing"/> fail temporarily.</summary>
internal sealed class FakeMxResolver : IMxResolver
{
    public Dictionary<string, List<MxRecord>> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, List<IPAddress>> Addresses { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Failing { get; } = new(StringComparer.OrdinalIgnoreCase);

    public FakeMxResolver WithMx(string domain, int preference, string host, params string[] addresses)
    {
        if (!Mx.TryGetValue(domain, out var list)) Mx[domain] = list = [];
        list.Add(new MxRecord(preference, host));
        if (addresses.Length > 0) WithHost(host, addresses);
        return this;
    }

    public FakeMxResolver WithHost(string host, params string[] addresses)
    {
        Addresses[host] = [.. addresses.Select(IPAddress.Parse)];
        return this;
    }

    public Task<Lookup<MxRecord>> LookupMxAsync(string domain, CancellationToken cancellationToken) => Task.FromResult(
        Failing.Contains(domain) ? Lookup.Failed<MxRecord>("SERVFAIL")
        : Mx.TryGetValue(domain, out var list) ? Lookup.Found<MxRecord>(list) : Lookup.None<MxRecord>());

    public Task<Lookup<IPAddress>> LookupAddressesAsync(string host, CancellationToken cancellationToken) => Task.FromResult(
        Failing.Contains(host) ? Lookup.Failed<IPAddress>("SERVFAIL")
        : Addresses.TryGetValue(host, out var list) ? Lookup.Found<IPAddress>(list) : Lookup.None<IPAddress>());
}

/// <summary>A transport that answers with <see cref="Handler"/> and records every attempt.</summary>
internal sealed class FakeTransport : IOutboundTransport
{
    public sealed record Call(OutboundHost Host, IReadOnlyList<EnvelopeRecipient> Recipients, DateTimeOffset At, string Content, string Sender);

    private readonly TimeProvider _time;

    public FakeTransport(TimeProvider time) => _time = time;

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Default: every recipient accepted with 250.</summary>
    public Func<OutboundHost, IReadOnlyList<EnvelopeRecipient>, TransportResult> Handler { get; set; } =
        (host, recipients) => TransportResult.PerRecipient([.. recipients.Select(_ => RecipientResult.FromReply(250, "2.0.0 Ok: queued", host.Name))]);

    public async Task<TransportResult> SendAsync(OutboundHost host, OutboundMessage message, IReadOnlyList<EnvelopeRecipient> recipients, CancellationToken cancellationToken)
    {
        string content;
        await using (var stream = message.OpenContent())
        using (var reader = new StreamReader(stream)) content = await reader.ReadToEndAsync(cancellationToken);
        Calls.Enqueue(new Call(host, recipients, _time.GetUtcNow(), content, message.Envelope.Sender));
        return Handler(host, recipients);
    }

    public static TransportResult Reply(IReadOnlyList<EnvelopeRecipient> recipients, int code, string text, string host = "mx.remote.test") =>
        TransportResult.PerRecipient([.. recipients.Select(_ => RecipientResult.FromReply(code, text, host))]);
}

/// <summary>example.test holds alice, bob and postmaster; every other domain is not local.</summary>
internal sealed class FakeDirectory : IRecipientDirectory
{
    public HashSet<string> Accounts { get; } = new(StringComparer.OrdinalIgnoreCase) { "alice@example.test", "bob@example.test" };

    public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken)
    {
        if (address.Domain != "example.test") return ValueTask.FromResult(RecipientResolution.NotLocal);
        string text = address.ToString();
        if (address.LocalPart.Equals("postmaster", StringComparison.OrdinalIgnoreCase)) return ValueTask.FromResult(new RecipientResolution(RecipientStatus.Local, ["postmaster"]));
        return ValueTask.FromResult(Accounts.Contains(text) ? new RecipientResolution(RecipientStatus.Local, [text.ToLowerInvariant()]) : RecipientResolution.Unknown);
    }
}
