using System.Buffers;
using System.Text;
using Mizugiwa.Policy.PolicyDelegation;

namespace Mizugiwa.Policy.Tests.PolicyDelegation;

public sealed class PolicyRequestParserTests
{
    private static readonly PolicyDelegationOptions Options = new() { MaxLineLength = 100, MaxAttributes = 20 };

    /// <summary>
    /// Feeds <paramref name="text"/> to one parser in pieces cut at <paramref name="cuts"/>, as reads from a
    /// pipe would arrive: what the parser left is kept and the next piece is added as its own segment.
    /// </summary>
    private static (List<PolicyRequest> Requests, PolicyParseResult Last, PolicyRequestParser Parser) Feed(string text, params int[] cuts)
    {
        var data = Encoding.UTF8.GetBytes(text);
        var parser = new PolicyRequestParser(Options);
        var requests = new List<PolicyRequest>();
        var pending = new List<byte[]>();
        var last = PolicyParseResult.NeedMore;
        var start = 0;
        foreach (var end in cuts.Where(c => c > 0 && c < data.Length).Order().Append(data.Length))
        {
            if (end <= start) continue;
            pending.Add(data[start..end]);
            start = end;
            var buffer = Segments(pending);
            while (true)
            {
                last = parser.Parse(ref buffer);
                if (last == PolicyParseResult.Complete) { requests.Add(parser.Request!); continue; }
                break;
            }
            if (last is not PolicyParseResult.NeedMore) return (requests, last, parser);
            pending = buffer.IsEmpty ? [] : [buffer.ToArray()];
        }
        return (requests, last, parser);
    }

    private static ReadOnlySequence<byte> Segments(List<byte[]> pieces)
    {
        if (pieces.Count == 1) return new ReadOnlySequence<byte>(pieces[0]);
        var first = new Segment(pieces[0], 0);
        var last = first;
        foreach (var piece in pieces.Skip(1)) last = last.Append(piece);
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] data, long runningIndex)
        {
            Memory = data;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] data)
        {
            var next = new Segment(data, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    [Fact]
    public void A_whole_request_is_parsed()
    {
        var (requests, last, _) = Feed(PolicyRequests.Text());
        Assert.Equal(PolicyParseResult.NeedMore, last);
        var request = Assert.Single(requests);
        Assert.Equal("smtpd_access_policy", request.Request);
        Assert.Equal("RCPT", request.ProtocolState);
        Assert.Equal("192.0.2.44", request.ClientAddress);
        Assert.Equal("unknown", request.ClientName);
        Assert.Equal("alice@example.test", request.Recipient);
        Assert.Equal("", request.QueueId);
        Assert.Equal("", request["no_such_attribute"]);
    }

    [Fact]
    public void A_request_split_at_every_byte_position_gives_the_same_attributes()
    {
        var text = PolicyRequests.Text();
        var whole = Feed(text).Requests.Single().Attributes;
        for (int cut = 1; cut < text.Length; cut++)
        {
            var (requests, last, _) = Feed(text, cut);
            Assert.Equal(PolicyParseResult.NeedMore, last);
            Assert.Equal(whole, Assert.Single(requests).Attributes);
        }
    }

    [Fact]
    public void A_request_arriving_one_byte_at_a_time_is_parsed()
    {
        var text = PolicyRequests.Text(recipient: "bob@example.test");
        var (requests, _, _) = Feed(text, [.. Enumerable.Range(1, text.Length)]);
        Assert.Equal("bob@example.test", Assert.Single(requests).Recipient);
    }

    [Fact]
    public void Several_requests_in_one_read_are_parsed_in_order()
    {
        var text = PolicyRequests.Text(recipient: "a@example.test") + PolicyRequests.Text(recipient: "b@example.test") + PolicyRequests.Text(recipient: "c@example.test");
        var (requests, _, parser) = Feed(text, text.Length / 2);
        Assert.Equal(["a@example.test", "b@example.test", "c@example.test"], requests.Select(r => r.Recipient));
        Assert.False(parser.InRequest);
    }

    [Fact]
    public void Crlf_line_ends_and_values_with_equals_signs_are_accepted()
    {
        var (requests, _, _) = Feed("request=smtpd_access_policy\r\nccert_subject=CN=a=b\r\nempty=\r\n\r\n");
        var request = Assert.Single(requests);
        Assert.Equal("CN=a=b", request["ccert_subject"]);
        Assert.Equal("", request["empty"]);
        Assert.True(request.Attributes.ContainsKey("empty"));
    }

    [Fact]
    public void Utf8_values_are_decoded()
    {
        var (requests, _, _) = Feed("request=smtpd_access_policy\nrecipient=用户@example.test\n\n");
        Assert.Equal("用户@example.test", Assert.Single(requests).Recipient);
    }

    [Fact]
    public void A_partial_request_is_held_until_its_empty_line()
    {
        var (requests, last, parser) = Feed("request=smtpd_access_policy\nprotocol_state=RCPT\n");
        Assert.Empty(requests);
        Assert.Equal(PolicyParseResult.NeedMore, last);
        Assert.True(parser.InRequest);
    }

    [Fact]
    public void An_oversized_complete_line_is_refused()
    {
        var (_, last, parser) = Feed($"request=smtpd_access_policy\nhelo_name={new string('a', 200)}\n\n");
        Assert.Equal(PolicyParseResult.LineTooLong, last);
        Assert.Contains("100", parser.Error);
    }

    [Fact]
    public void An_oversized_line_is_refused_before_its_end_arrives()
    {
        var (_, last, _) = Feed($"request=smtpd_access_policy\nhelo_name={new string('a', 200)}", 30, 60, 90, 120, 150);
        Assert.Equal(PolicyParseResult.LineTooLong, last);
    }

    [Fact]
    public void A_line_of_exactly_the_limit_is_accepted_even_with_crlf()
    {
        var line = "x=" + new string('v', 98);
        var (requests, _, _) = Feed($"{line}\r\n\r\n");
        Assert.Equal(98, Assert.Single(requests)["x"].Length);
    }

    [Fact]
    public void Too_many_attributes_are_refused()
    {
        var text = string.Concat(Enumerable.Range(0, 21).Select(i => $"a{i}=v\n")) + "\n";
        Assert.Equal(PolicyParseResult.TooManyAttributes, Feed(text).Last);
    }

    [Theory]
    [InlineData("request=smtpd_access_policy\nno equals sign\n\n")]
    [InlineData("request=smtpd_access_policy\n=value\n\n")]
    [InlineData("request=smtpd_access_policy\nrecipient=a@b\nrecipient=c@d\n\n")]
    [InlineData("\n")]
    public void Malformed_input_is_refused(string text)
    {
        var (requests, last, parser) = Feed(text);
        Assert.Empty(requests);
        Assert.Equal(PolicyParseResult.Malformed, last);
        Assert.NotNull(parser.Error);
    }
}
