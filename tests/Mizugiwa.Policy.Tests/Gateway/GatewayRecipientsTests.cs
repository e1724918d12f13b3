using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Core;
using Mizugiwa.Policy.Gateway;
using Mizugiwa.Policy.Tests.Flow;
using Mizugiwa.Smtp.Gateway;

namespace Mizugiwa.Policy.Tests.Gateway;

public sealed class GatewayRecipientsTests
{
    private sealed class OneAccountDirectory(string account) : IRecipientDirectory
    {
        public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken) =>
            ValueTask.FromResult(address.ToString().Equals(account, StringComparison.OrdinalIgnoreCase)
                ? new RecipientResolution(RecipientStatus.Local, [account])
                : address.Domain == "dir.test" ? RecipientResolution.Unknown : RecipientResolution.NotLocal);
    }

    private readonly FakeProber _prober = new();
    private readonly GatewayRecipients _gateway;

    public GatewayRecipientsTests()
    {
        var options = new GatewayOptions
        {
            Domains =
            [
                new RelayDomain("probe.test", "smtp:127.0.0.1:2600", RelayVerification.Probe),
                new RelayDomain("dir.test", "lmtp:[::1]:24", RelayVerification.Directory),
                new RelayDomain("open.test", "smtp:backend:25", RelayVerification.None),
            ],
        };
        var cache = new RecipientProbeCache(new InMemoryStateStore(new FakeTimeProvider()), _prober, options);
        _gateway = new GatewayRecipients(options, new OneAccountDirectory("carol@dir.test"), cache);
        _prober.Answers["alice@probe.test"] = ProbeOutcome.Accepted;
    }

    private static SmtpAddress Address(string text) => SmtpAddress.TryParse(text, false, out _)!;

    [Fact]
    public async Task Only_the_configured_domains_are_relay_domains()
    {
        Assert.True(_gateway.IsRelayDomain("PROBE.test"));
        Assert.False(_gateway.IsRelayDomain("sub.probe.test"));
        Assert.False(_gateway.IsRelayDomain("example.test"));
        Assert.Null(await _gateway.VerifyAsync(Address("alice@example.test"), CancellationToken.None));
    }

    [Fact]
    public async Task Probe_domains_ask_the_next_hop()
    {
        var valid = await _gateway.VerifyAsync(Address("alice@probe.test"), CancellationToken.None);
        Assert.Equal(new RelayVerdict?(RelayVerdict.Valid), valid?.Verdict);
        Assert.Equal("smtp:127.0.0.1:2600", valid!.Route);
        Assert.Equal(RelayVerdict.Temporary, (await _gateway.VerifyAsync(Address("bob@probe.test"), CancellationToken.None))!.Verdict);
        Assert.Equal(2, _prober.Calls);
    }

    [Fact]
    public async Task Directory_domains_accept_only_accounts_and_aliases()
    {
        var carol = await _gateway.VerifyAsync(Address("carol@dir.test"), CancellationToken.None);
        Assert.Equal(RelayVerdict.Valid, carol!.Verdict);
        Assert.Equal("lmtp:[::1]:24", carol.Route);
        Assert.Equal(RelayVerdict.Unknown, (await _gateway.VerifyAsync(Address("dave@dir.test"), CancellationToken.None))!.Verdict);
        Assert.Equal(0, _prober.Calls);
    }

    [Fact]
    public async Task Unverified_domains_accept_everyone()
    {
        Assert.Equal(RelayVerdict.Valid, (await _gateway.VerifyAsync(Address("anyone@open.test"), CancellationToken.None))!.Verdict);
        Assert.Equal(0, _prober.Calls);
    }

    [Theory]
    [InlineData("smtp:127.0.0.1:25", false, "127.0.0.1", 25)]
    [InlineData("lmtp:backend.example:24", true, "backend.example", 24)]
    [InlineData("smtp:[::1]:2525", false, "::1", 2525)]
    public void Next_hops_are_parsed(string route, bool lmtp, string host, int port) =>
        Assert.Equal(new NextHop(lmtp, host, port), NextHop.TryParse(route));

    [Theory]
    [InlineData("mx")]
    [InlineData("smtp:host")]
    [InlineData("smtp::25")]
    [InlineData("smtp:host:0")]
    [InlineData("http:host:80")]
    public void Bad_next_hops_are_refused(string route)
    {
        Assert.Null(NextHop.TryParse(route));
        Assert.Throws<ArgumentException>(() => new GatewayRecipients(
            new GatewayOptions { Domains = [new RelayDomain("x.test", route, RelayVerification.None)] },
            new OneAccountDirectory("a@x.test"), new RecipientProbeCache(new InMemoryStateStore(TimeProvider.System), _prober, new GatewayOptions())));
    }
}
