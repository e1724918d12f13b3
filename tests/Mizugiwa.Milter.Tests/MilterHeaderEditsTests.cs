using System.Text;
using Mizugiwa.Core;
using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter.Tests;

public sealed class MilterHeaderEditsTests
{
    private static ReceivedField Field(string name, string value) => new(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value));

    private static bool Ours(string value) => value.TrimStart().StartsWith("mx.example.test", StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Forged_results_and_sender_spam_headers_are_deleted_last_first_then_the_label_inserted_on_top_in_order()
    {
        IReadOnlyList<ReceivedField> received =
        [
            Field("Authentication-Results", " mx.example.test; dkim=pass"),
            Field("Authentication-Results", " other.example; spf=fail"),
            Field("x-spam-flag", " NO"),
            Field("Authentication-Results", " MX.example.test;\n\tspf=pass"),
            Field("Subject", " hi"),
        ];
        var label = "Authentication-Results: mx.example.test;\r\n\tspf=none\r\nX-Spam-Score: 0.0\r\n";
        var (edits, deleted, added) = MilterHeaderEdits.For(received, new MilterHeaderEdits.SharedLabel(label, null), Ours, leadingSpace: true);
        Assert.Equal(3, deleted);
        Assert.Equal(2, added);
        Assert.Equal(
        [
            "m 3 Authentication-Results ''",
            "m 1 Authentication-Results ''",
            "m 1 x-spam-flag ''",
            "i 0 Authentication-Results ' mx.example.test;\n\tspf=none'",
            "i 1 X-Spam-Score ' 0.0'",
        ], edits.Select(Describe));
    }

    [Fact]
    public void Without_the_leading_space_step_values_go_without_it()
    {
        var (edits, _, _) = MilterHeaderEdits.For([], new MilterHeaderEdits.SharedLabel("X-Spam-Score: 0.0\r\n", null), _ => false, leadingSpace: false);
        Assert.Equal("i 0 X-Spam-Score '0.0'", Describe(Assert.Single(edits)));
    }

    [Fact]
    public void The_shared_copy_gets_the_spam_label_when_any_recipient_has_it()
    {
        var off = Recipient("off@example.test", "Authentication-Results: mx.example.test; none\r\n");
        var ham = Recipient("ham@example.test", "Authentication-Results: mx.example.test; none\r\nX-Spam-Score: 1.0\r\nX-Spam-Status: No\r\n");
        var spam = Recipient("spam@example.test", "Authentication-Results: mx.example.test; none\r\nX-Spam-Flag: YES\r\nX-Spam-Score: 6.0\r\nX-Spam-Status: Yes\r\n");
        var tagged = new EnvelopeRecipient { Address = "t@example.test", Mailbox = "t@example.test", AddedHeaders = spam.AddedHeaders, SubjectTag = "[SPAM]" };
        Assert.Equal(new MilterHeaderEdits.SharedLabel(spam.AddedHeaders!, null), MilterHeaderEdits.ChooseLabel([off, ham, spam, tagged]));
        Assert.Equal(new MilterHeaderEdits.SharedLabel(spam.AddedHeaders!, "[SPAM]"), MilterHeaderEdits.ChooseLabel([off, tagged, spam]));
        Assert.Equal(ham.AddedHeaders, MilterHeaderEdits.ChooseLabel([off, ham]).Headers);
        Assert.Equal(off.AddedHeaders, MilterHeaderEdits.ChooseLabel([off]).Headers);
        Assert.Equal("", MilterHeaderEdits.ChooseLabel([new EnvelopeRecipient { Address = "a@b", Mailbox = "a@b" }]).Headers);
    }

    private static EnvelopeRecipient Recipient(string address, string headers) => new() { Address = address, Mailbox = address, AddedHeaders = headers };

    private static string Describe(MilterPacket packet)
    {
        var index = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.Data);
        var strings = Encoding.UTF8.GetString(packet.Data, 4, packet.Data.Length - 4).Split('\0');
        return $"{(char)packet.Command} {index} {strings[0]} '{strings[1]}'";
    }

    [Theory]
    [InlineData(" hi\n\tthere", "[SPAM]", "m 1 Subject ' [SPAM] hi\n\tthere'")]
    [InlineData(" =?UTF-8?B?5pel5pys?=", "[SPAM]", "m 1 Subject ' [SPAM] =?UTF-8?B?5pel5pys?='")]
    [InlineData(" [spam] already", "[SPAM]", null)]
    [InlineData(" hi", "[迷惑]", "m 1 Subject ' =?utf-8?b?W+i/t+aDkV0=?= hi'")]
    public void The_subject_tag_goes_in_front_of_the_first_subject_once(string subject, string tag, string? expected)
    {
        var (edits, _, added) = MilterHeaderEdits.For([Field("Subject", subject), Field("Subject", " second")],
            new MilterHeaderEdits.SharedLabel("", tag), _ => false, leadingSpace: true);
        Assert.Equal(expected is null ? [] : [expected], edits.Select(Describe));
        Assert.Equal(expected is null ? 0 : 1, added);
    }

    [Fact]
    public void A_message_without_a_subject_gets_one_with_the_tag()
    {
        var (edits, _, _) = MilterHeaderEdits.For([Field("From", " a@example.org")], new MilterHeaderEdits.SharedLabel("", "[SPAM]"), _ => false, leadingSpace: true);
        var packet = Assert.Single(edits);
        Assert.Equal((byte)'h', packet.Command);
        Assert.Equal("Subject\0 [SPAM]\0", Encoding.UTF8.GetString(packet.Data));
    }
}
