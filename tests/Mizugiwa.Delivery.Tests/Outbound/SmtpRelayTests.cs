using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>Outbound:RelayHost: parsing, planning (MX of the host or not), and the queue's routing of every "mx" recipient to it.</summary>
public sealed class SmtpRelayTests : IAsyncLifetime
{
    private static readonly SmtpRelay Relay = new("127.0.0.9", 587, LookUpMx: false) { User = "site", Password = "pw" };

    private readonly OutboundHarness _h = new(o => o with { Relay = Relay });

    public async Task InitializeAsync() => await _h.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("smtp.provider.test", "smtp.provider.test", 25, true)]
    [InlineData("smtp.provider.test:587", "smtp.provider.test", 587, true)]
    [InlineData("[smtp.provider.test]:587", "smtp.provider.test", 587, false)]
    [InlineData("[smtp.provider.test]", "smtp.provider.test", 25, false)]
    [InlineData("192.0.2.1:2525", "192.0.2.1", 2525, false)]
    [InlineData("[::1]:587", "::1", 587, false)]
    [InlineData("[IPv6:::1]:587", "::1", 587, false)]
    public void Relay_hosts_are_read_like_Postfix_relayhost(string text, string host, int port, bool lookUpMx)
    {
        var relay = SmtpRelay.Parse(text, RelayTls.StartTls, out var problem);
        Assert.Null(problem);
        Assert.Equal((host, port, lookUpMx), (relay!.Host, relay.Port, relay.LookUpMx));
    }

    [Theory]
    [InlineData("[smtp.provider.test")]
    [InlineData("smtp.provider.test:0")]
    [InlineData("smtp.provider.test:65536")]
    [InlineData("smtp.provider.test:smtp")]
    [InlineData("::1")]
    [InlineData("[::1]587")]
    [InlineData("bad_host!")]
    public void Bad_relay_hosts_are_refused_with_a_reason(string text)
    {
        Assert.Null(SmtpRelay.Parse(text, RelayTls.StartTls, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void Implicit_TLS_defaults_to_465_and_the_password_never_appears_in_ToString()
    {
        var relay = SmtpRelay.Parse("smtp.provider.test", RelayTls.Implicit, out _)! with { User = "u", Password = "s3cret" };
        Assert.Equal(465, relay.Port);
        Assert.DoesNotContain("s3cret", relay.ToString());
        Assert.DoesNotContain("s3cret", new OutboundOptions { Relay = relay }.ToString());
    }

    [Fact]
    public async Task Without_brackets_the_MX_of_the_relay_host_is_used_else_its_address_and_failures_only_defer()
    {
        var dns = new FakeMxResolver().WithMx("provider.test", 10, "in.provider.test", "127.0.0.20").WithHost("smtp.plain.test", "127.0.0.21");
        async Task<DeliveryPlan> Plan(string relay) =>
            await new MxPlanner(dns, 25, SmtpRelay.Parse(relay, RelayTls.StartTls, out _)).PlanAsync(SmtpRelay.Destination, CancellationToken.None);

        var viaMx = Assert.Single((await Plan("provider.test:587")).Hosts);
        Assert.Equal(("in.provider.test", IPAddress.Parse("127.0.0.20"), 587, true), (viaMx.Name, viaMx.Address, viaMx.Port, viaMx.Relay));
        var byAddress = Assert.Single((await Plan("smtp.plain.test:587")).Hosts);
        Assert.Equal(("smtp.plain.test", 587), (byAddress.Name, byAddress.Port));
        var bracketed = await Plan("[provider.test]:587"); // no MX lookup: provider.test itself has no address
        Assert.Equal((RecipientOutcome.Deferred, "4.4.4"), (bracketed.Result!.Outcome, bracketed.Result.Status));
        var nowhere = await Plan("nowhere.test"); // neither MX nor address: would fail 5.1.2 for a domain, defers for the relay
        Assert.Equal((RecipientOutcome.Deferred, "4.4.4"), (nowhere.Result!.Outcome, nowhere.Result.Status));
        Assert.Contains("Outbound:RelayHost", nowhere.Result.Diagnostic);
    }

    [Fact]
    public async Task Every_mx_recipient_of_every_domain_goes_to_the_relay_in_one_transaction_and_gateway_routes_do_not()
    {
        var gateway = new EnvelopeRecipient { Address = "eve@inside.test", Mailbox = "eve@inside.test", Route = "smtp:127.0.0.44:2526" };
        await _h.CommitAsync("relayed", "alice@example.test",
            [OutboundHarness.Remote("bob@remote.test"), OutboundHarness.Remote("carol@other.test"), gateway]);
        await _h.IdleAsync();

        Assert.Equal(2, _h.Transport.Calls.Count);
        var relayed = Assert.Single(_h.Transport.Calls, c => c.Host.Relay);
        Assert.Equal((IPAddress.Parse("127.0.0.9"), 587), (relayed.Host.Address, relayed.Host.Port));
        Assert.Equal(["bob@remote.test", "carol@other.test"], relayed.Recipients.Select(r => r.Mailbox));
        var hop = Assert.Single(_h.Transport.Calls, c => !c.Host.Relay);
        Assert.Equal((IPAddress.Parse("127.0.0.44"), 2526), (hop.Host.Address, hop.Host.Port));
        Assert.Empty(_h.QueueFiles());
    }

    [Fact]
    public async Task A_5xx_from_the_relay_bounces_naming_the_relay_and_a_4xx_defers()
    {
        _h.Transport.Handler = (host, rcpts) => TransportResult.PerRecipient([.. rcpts.Select(r => r.Mailbox.StartsWith("bob", StringComparison.Ordinal)
            ? RecipientResult.FromReply(550, "5.7.1 relaying refused for bob", host.Name)
            : RecipientResult.FromReply(451, "4.3.0 later", host.Name))]);
        await _h.CommitAsync("refused", "alice@example.test", [OutboundHarness.Remote("bob@remote.test"), OutboundHarness.Remote("carol@remote.test")]);
        await _h.IdleAsync();

        var dsn = new DsnReader(Assert.Single(_h.Mailbox("example.test/alice")));
        var bob = dsn.For("bob@remote.test");
        Assert.Equal(("failed", "5.7.1", "dns; 127.0.0.9"), (bob["Action"], bob["Status"], bob["Remote-MTA"]));
        Assert.Equal(1, _h.Manager.PendingCount); // carol waits for the next try
    }

    [Fact]
    public async Task Refused_credentials_defer_every_recipient_without_a_bounce()
    {
        _h.Transport.Handler = (host, _) => TransportResult.Session(RecipientResult.Deferred("4.7.8", "relay refused the credentials of Outbound:RelayUser site", host.Name));
        await _h.CommitAsync("badauth", "alice@example.test", [OutboundHarness.Remote("bob@remote.test")]);
        await _h.IdleAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));

        Assert.True(_h.Transport.Calls.Count > 1);
        Assert.Equal(1, _h.Manager.PendingCount);
        Assert.Empty(_h.Mailbox("example.test/alice"));
    }
}
