using System.Text;
using Mizugiwa.Delivery.Dkim;

namespace Mizugiwa.Delivery.Tests.Dkim;

public sealed class DkimMessageSignerTests : IDisposable
{
    private const string Message = DkimVerification.Message;

    private readonly DkimFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(DkimAlgorithm.Rsa, "rsa-sha256")]
    [InlineData(DkimAlgorithm.Ed25519, "ed25519-sha256")]
    public async Task Signature_verifies_with_MimeKit_against_the_published_record(DkimAlgorithm algorithm, string a)
    {
        _fixture.Store.Generate("example.com", "s1", algorithm);

        var header = await _fixture.SignAsync("example.com", Message);

        Assert.NotNull(header);
        Assert.StartsWith("DKIM-Signature:", header);
        Assert.EndsWith("\r\n", header);
        Assert.Equal([(a, true)], DkimVerification.Verify(header + Message, _fixture.Records()));
    }

    [Fact]
    public async Task A_domain_with_both_key_types_gets_both_signatures_and_each_verifies()
    {
        _fixture.Store.Generate("example.com", "rsa1", DkimAlgorithm.Rsa);
        _fixture.Store.Generate("example.com", "ed1", DkimAlgorithm.Ed25519);

        var headers = await _fixture.SignAsync("example.com", Message);

        var results = DkimVerification.Verify(headers + Message, _fixture.Records());
        Assert.Equal([("ed25519-sha256", true), ("rsa-sha256", true)], results.OrderBy(r => r.Algorithm));
    }

    [Fact]
    public async Task Tags_are_relaxed_relaxed_with_timestamp_whole_body_and_the_present_headers_with_From_oversigned()
    {
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Ed25519);

        var value = Unfold((await _fixture.SignAsync("example.com", Message))!);

        Assert.Equal("relaxed/relaxed", DkimVerification.Tag(value, "c"));
        Assert.Equal("example.com", DkimVerification.Tag(value, "d"));
        Assert.Equal("s1", DkimVerification.Tag(value, "s"));
        Assert.Equal(DkimFixture.Now.ToUnixTimeSeconds().ToString(), DkimVerification.Tag(value, "t"));
        Assert.Null(DkimVerification.Tag(value, "l"));
        Assert.Null(DkimVerification.Tag(value, "x"));
        Assert.Equal("from:to:subject:date:message-id:mime-version:content-type:content-transfer-encoding:from", DkimVerification.Tag(value, "h"));
    }

    [Fact]
    public async Task Optional_headers_are_signed_when_present()
    {
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);
        var reply = "Cc: dave@example.net\r\nReply-To: list@example.com\r\nIn-Reply-To: <a@b>\r\nReferences: <a@b>\r\n" + Message;

        var header = await _fixture.SignAsync("example.com", reply);

        var h = DkimVerification.Tag(Unfold(header!), "h")!.Split(':');
        Assert.Contains("cc", h);
        Assert.Contains("reply-to", h);
        Assert.Contains("in-reply-to", h);
        Assert.Contains("references", h);
        Assert.DoesNotContain("x-mailer", h);
        Assert.Equal([("rsa-sha256", true)], DkimVerification.Verify(header + reply, _fixture.Records()));
    }

    [Fact]
    public async Task A_From_added_in_transit_breaks_the_signature()
    {
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);

        var header = await _fixture.SignAsync("example.com", Message);

        var forged = header + "From: ceo@example.com\r\n" + Message;
        Assert.Equal([("rsa-sha256", false)], DkimVerification.Verify(forged, _fixture.Records()));
    }

    [Fact]
    public async Task Domain_without_a_key_gets_null_and_the_domain_of_an_address_is_used()
    {
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);

        Assert.Null(await _fixture.SignAsync("example.org", Message));
        Assert.Null(await _fixture.SignAsync("sub.example.com", Message));
        Assert.Null(await _fixture.SignAsync("", Message));
        Assert.NotNull(await _fixture.SignAsync("alice@Example.COM", Message));
        Assert.True(_fixture.Signer.HasKey("EXAMPLE.com."));
    }

    [Fact]
    public async Task The_message_is_read_from_the_current_position_and_not_changed()
    {
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);
        var prefix = "garbage before the message";
        var bytes = Encoding.UTF8.GetBytes(prefix + Message);
        var copy = bytes.ToArray();
        using var stream = new MemoryStream(bytes, writable: false);
        stream.Position = prefix.Length;

        var header = await _fixture.Signer.SignAsync("example.com", stream, CancellationToken.None);

        Assert.Equal(copy, bytes);
        Assert.Equal([("rsa-sha256", true)], DkimVerification.Verify(header + Message, _fixture.Records()));
    }

    [Fact]
    public async Task A_multipart_message_with_bare_line_feeds_is_signed_as_it_will_be_sent()
    {
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Ed25519);
        var multipart = """
            From: alice@example.com
            To: bob@example.net
            Subject: parts
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            preamble
            --b1
            Content-Type: text/plain

            one
            --b1
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            AAECAwQ=
            --b1--
            epilogue
            """ + "\n";

        var header = await _fixture.SignAsync("example.com", multipart);

        Assert.Equal([("ed25519-sha256", true)], DkimVerification.Verify(header + multipart, _fixture.Records()));
        var crlf = multipart.Replace("\n", "\r\n", StringComparison.Ordinal);
        Assert.Equal([("ed25519-sha256", true)], DkimVerification.Verify(header + crlf, _fixture.Records()));
    }

    [Fact]
    public async Task New_keys_are_picked_up_after_the_reload_interval_and_removed_ones_dropped()
    {
        Assert.Null(await _fixture.SignAsync("example.com", Message));
        _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);

        Assert.Null(await _fixture.SignAsync("example.com", Message)); // cached: checked less than 10 s ago
        _fixture.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.NotNull(await _fixture.SignAsync("example.com", Message));

        _fixture.Store.Remove("example.com", "s1");
        _fixture.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Null(await _fixture.SignAsync("example.com", Message));
    }

    [Fact]
    public async Task A_key_file_replaced_by_hand_is_reloaded()
    {
        var key = _fixture.Store.Generate("example.com", "s1", DkimAlgorithm.Rsa);
        await _fixture.SignAsync("example.com", Message);
        File.WriteAllText(key.Path, DkimKeyGenerator.GeneratePem(DkimAlgorithm.Rsa) + "\n\n");
        _fixture.Clock.Advance(TimeSpan.FromSeconds(11));

        var header = await _fixture.SignAsync("example.com", Message);

        Assert.Equal([("rsa-sha256", true)], DkimVerification.Verify(header + Message, _fixture.Records()));
    }

    [Fact]
    public async Task An_unreadable_key_is_left_out_and_the_other_key_still_signs()
    {
        var rsa = _fixture.Store.Generate("example.com", "r1", DkimAlgorithm.Rsa);
        _fixture.Store.Generate("example.com", "e1", DkimAlgorithm.Ed25519);
        File.WriteAllText(rsa.Path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var header = await _fixture.SignAsync("example.com", Message);

        Assert.Equal("ed25519-sha256", DkimVerification.Tag(Unfold(header!), "a"));
        Assert.Single(DkimVerification.Verify(header + Message, new Dictionary<string, string>
        {
            [RecordKeyLocator.FromZoneLine(_fixture.Store.List().Single(k => k.Selector == "e1").ZoneLine!).Key] =
                RecordKeyLocator.FromZoneLine(_fixture.Store.List().Single(k => k.Selector == "e1").ZoneLine!).Value,
        }), r => r.Valid);
    }

    [Fact]
    public async Task Concurrent_signing_with_shared_keys_gives_valid_signatures()
    {
        _fixture.Store.Generate("example.com", "r1", DkimAlgorithm.Rsa);
        _fixture.Store.Generate("example.com", "e1", DkimAlgorithm.Ed25519);
        var messages = Enumerable.Range(0, 32).Select(i => Message.Replace("Quarterly figures", $"Figures {i}", StringComparison.Ordinal)).ToList();

        var headers = await Task.WhenAll(messages.Select(m => Task.Run(() => _fixture.SignAsync("example.com", m))));

        var records = _fixture.Records();
        Assert.All(messages.Zip(headers), pair =>
            Assert.Equal([true, true], DkimVerification.Verify(pair.Second + pair.First, records).Select(r => r.Valid)));
    }

    private static string Unfold(string header) =>
        header["DKIM-Signature:".Length..].Replace("\r\n", "", StringComparison.Ordinal);
}
