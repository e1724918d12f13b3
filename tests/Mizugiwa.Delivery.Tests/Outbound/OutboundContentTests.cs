using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Delivery.Dkim;
using Mizugiwa.Delivery.Outbound;
using Mizugiwa.Delivery.Tests.Dkim;

namespace Mizugiwa.Delivery.Tests.Outbound;

public sealed class OutboundContentTests : IDisposable
{
    private readonly DkimFixture _dkim = new();
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        _dkim.Dispose();
        _temp.Dispose();
    }

    private OutboundMessage Queued(string body)
    {
        var content = "From: Alice <alice@example.com>\r\nTo: bob@example.net\r\nSubject: wide\r\nMessage-ID: <w1@example.com>\r\n" +
            $"Date: Tue, 24 Nov 2026 09:29:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n{body}\r\n";
        var path = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes(content));
        return new OutboundMessage(new MessageEnvelope { QueueId = "Q1", ReceivedAt = DkimFixture.Now, ClientAddress = "127.0.0.1", Sender = "alice@example.com", Recipients = [] }, path, content.Length);
    }

    private static async Task<string> SentAsync(MimeKit.MimeMessage mime)
    {
        await using var sent = await OutboundContent.SerializeAsync(mime, CancellationToken.None);
        return Encoding.ASCII.GetString(sent.ToArray());
    }

    [Fact]
    public async Task A_line_too_long_for_SMTP_is_re_encoded_and_our_signature_covers_what_is_sent()
    {
        _dkim.Store.Generate("example.com", "s1", DkimAlgorithm.Ed25519);
        var wide = "<p>" + string.Concat(Enumerable.Range(0, 400).Select(i => $"w{i} ")) + "</p>";

        var mime = await OutboundContent.LoadAsync(Queued(wide), _dkim.Signer, CancellationToken.None);

        var sent = await SentAsync(mime);
        Assert.All(sent.Split("\r\n"), line => Assert.True(line.Length <= SmtpLineLimit.MaxOctets, $"a line of {line.Length} octets"));
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", sent);
        Assert.Equal(wide, Assert.IsType<MimeKit.TextPart>(mime.Body).Text.TrimEnd());
        Assert.Equal([("ed25519-sha256", true)], DkimVerification.Verify(sent, _dkim.Records()));
    }

    [Fact]
    public async Task A_message_within_the_limit_is_sent_as_queued_and_signed()
    {
        _dkim.Store.Generate("example.com", "s1", DkimAlgorithm.Ed25519);

        var mime = await OutboundContent.LoadAsync(Queued("<p>short</p>"), _dkim.Signer, CancellationToken.None);

        var sent = await SentAsync(mime);
        Assert.DoesNotContain("Content-Transfer-Encoding", sent);
        Assert.EndsWith("\r\n\r\n<p>short</p>\r\n", sent);
        Assert.Equal([("ed25519-sha256", true)], DkimVerification.Verify(sent, _dkim.Records()));
    }
}
