using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

/// <summary>RCPT to our SRS0 and SRS1 addresses: bounces of forwarded mail go back to the original sender; forged and expired ones are unknown users.</summary>
public sealed class SrsRecipientTests
{
    private readonly SessionHarness _harness = new();

    public SrsRecipientTests() => _harness.Srs = new SenderRewriting(Encoding.ASCII.GetBytes("the SRS secret of the SMTP tests"), _harness.Time);

    private string Srs(string original) => _harness.Srs!.Forward(original, "forwarder.test").Replace("@forwarder.test", "@example.test", StringComparison.Ordinal);

    private Task<string> BounceAsync(string rcpt) =>
        _harness.RunAsync($"EHLO mx.remote.test\r\nMAIL FROM:<>\r\nRCPT TO:<{rcpt}>\r\nDATA\r\nSubject: bounce\r\n\r\nreturned\r\n.\r\nQUIT\r\n");

    [Fact]
    public async Task A_bounce_to_a_valid_SRS0_address_is_relayed_to_the_remote_original_sender()
    {
        var srs = Srs("carol@remote.test");
        var transcript = await BounceAsync(srs);

        Assert.Contains("250 2.1.5", transcript);
        var (envelope, _) = Assert.Single(_harness.Spool.Committed);
        Assert.Equal("", envelope.Sender);
        var recipient = Assert.Single(envelope.Recipients);
        Assert.Equal(srs, recipient.Address);
        Assert.Equal("carol@remote.test", recipient.Mailbox);
        Assert.Equal(Routes.Mx, recipient.Route);
    }

    [Fact]
    public async Task A_bounce_to_a_valid_SRS1_address_goes_to_the_first_forwarders_SRS0_address()
    {
        const string FirstForwarders = "SRS0=abcd=AB=remote.test=carol@fw1.test";
        var srs1 = Srs(FirstForwarders);
        Assert.StartsWith("SRS1=", srs1);

        Assert.Contains("250 2.1.5", await BounceAsync(srs1));
        var recipient = Assert.Single(Assert.Single(_harness.Spool.Committed).Envelope.Recipients);
        Assert.Equal(FirstForwarders, recipient.Mailbox);
        Assert.Equal(Routes.Mx, recipient.Route);
        Assert.Contains("forged SRS1 address (bad hash)", await BounceAsync(srs1.Replace("=fw1.test=", "=fw9.test=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_bounce_for_a_local_original_sender_goes_to_its_mailbox()
    {
        await BounceAsync(Srs("alice@example.test"));
        var recipient = Assert.Single(Assert.Single(_harness.Spool.Committed).Envelope.Recipients);
        Assert.Equal("alice@example.test", recipient.Mailbox);
        Assert.Null(recipient.Route);
    }

    [Fact]
    public async Task A_forged_an_expired_or_an_orphaned_SRS0_address_is_refused_with_550_5_1_1()
    {
        var srs = Srs("carol@remote.test");
        var forged = srs.Replace("=carol@", "=mallory@", StringComparison.Ordinal);
        Assert.Contains($"550 5.1.1 <{forged}>: Recipient address rejected: forged SRS0 address (bad hash)", await BounceAsync(forged));
        Assert.Contains("550 5.1.1", await BounceAsync(Srs("ghost@example.test")));
        Assert.Contains("the original sender no longer exists", await BounceAsync(Srs("ghost@example.test")));

        _harness.Time.Advance(TimeSpan.FromDays(22));
        Assert.Contains("expired SRS0 address", await BounceAsync(srs));
        Assert.Empty(_harness.Spool.Committed);
    }

    [Fact]
    public async Task Without_SRS_an_SRS0_address_is_just_an_unknown_user()
    {
        var srs = Srs("carol@remote.test");
        _harness.Srs = null;
        Assert.Contains("550 5.1.1", await BounceAsync(srs));
        Assert.Contains("User unknown", await BounceAsync(srs));
    }
}
