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
        var (edits, deleted, added) = MilterHeaderEdits.For(received, label, Ours, leadingSpace: true);
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
        var (edits, _, _) = MilterHeaderEdits.For([], "X-Spam-Score: 0.0\r\n", _ => false, leadingSpace: false);
        Assert.Equal("i 0 X-Spam-Score '0.0'", Describe(Assert.Single(edits)));
    }

    [Fact]
    public void The_shared_copy_gets_the_spam_label_when_any_recipient_has_it()
    {
        var off = Recipient("off@example.test", "Authentication-Results: mx.example.test; none\r\n");
        var ham = Recipient("ham@example.test", "Authentication-Results: mx.example.test; none\r\nX-Spam-Score: 1.0\r\nX-Spam-Status: No\r\n");
        var spam = Recipient("spam@example.test", "Authentication-Results: mx.example.test; none\r\nX-Spam-Flag: YES\r\nX-Spam-Score: 6.0\r\nX-Spam-Status: Yes\r\n");
        Assert.Equal(spam.AddedHeaders, MilterHeaderEdits.ChooseLabel([off, ham, spam]));
        Assert.Equal(ham.AddedHeaders, MilterHeaderEdits.ChooseLabel([off, ham]));
        Assert.Equal(off.AddedHeaders, MilterHeaderEdits.ChooseLabel([off]));
        Assert.Equal("", MilterHeaderEdits.ChooseLabel([new EnvelopeRecipient { Address = "a@b", Mailbox = "a@b" }]));
    }

    private static EnvelopeRecipient Recipient(string address, string headers) => new() { Address = address, Mailbox = address, AddedHeaders = headers };

    private static string Describe(MilterPacket packet)
    {
        var index = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet.Data);
        var strings = Encoding.UTF8.GetString(packet.Data, 4, packet.Data.Length - 4).Split('\0');
        return $"{(char)packet.Command} {index} {strings[0]} '{strings[1]}'";
    }
}
