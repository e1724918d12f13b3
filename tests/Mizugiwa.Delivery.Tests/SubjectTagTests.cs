using System.Text;
using MimeKit;

namespace Mizugiwa.Delivery.Tests;

public sealed class SubjectTagTests
{
    private static string? Tag(string message, string tag = "[SPAM]")
    {
        var header = HeaderBlock.Parse(Encoding.UTF8.GetBytes(message));
        Assert.NotNull(header);
        return SubjectTag.TagHeader(header, tag) is { } tagged ? Encoding.UTF8.GetString(tagged) + message[header.Length..] : null;
    }

    private static string Subject(string message) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(message))).Subject ?? "";

    [Fact]
    public void A_plain_Subject_gets_the_tag_in_front_and_nothing_else_changes()
    {
        var tagged = Tag("From: a@example.org\r\nSubject: Cheap pills\r\nTo: b@example.test\r\n\r\nbody\r\n");
        Assert.Equal("From: a@example.org\r\nSubject: [SPAM] Cheap pills\r\nTo: b@example.test\r\n\r\nbody\r\n", tagged);
    }

    [Fact]
    public void An_RFC_2047_Subject_stays_valid_and_decodes_with_the_tag()
    {
        var tagged = Tag("Subject: =?ISO-8859-1?Q?Caf=E9?=\r\n =?UTF-8?B?5pel5pys6Kqe?=\r\n\r\nbody\r\n")!;
        Assert.StartsWith("Subject: [SPAM] =?ISO-8859-1?Q?Caf=E9?=\r\n =?UTF-8?B?", tagged, StringComparison.Ordinal);
        Assert.Equal("[SPAM] Café日本語", Subject(tagged));
    }

    [Fact]
    public void A_tag_that_is_not_ASCII_becomes_an_encoded_word_of_its_own()
    {
        var tagged = Tag("Subject: hello\r\n\r\nbody\r\n", "[迷惑]")!;
        Assert.DoesNotContain("迷惑", tagged.Split("\r\n\r\n")[0], StringComparison.Ordinal);
        Assert.Equal("[迷惑] hello", Subject(tagged));
    }

    [Fact]
    public void An_already_tagged_Subject_is_left_alone_also_when_encoded()
    {
        Assert.Null(Tag("Subject: [SPAM] again\r\n\r\nbody\r\n"));
        Assert.Null(Tag("Subject: =?UTF-8?Q?=5BSPAM=5D_again?=\r\n\r\nbody\r\n"));
    }

    [Fact]
    public void A_message_without_a_Subject_gets_one() =>
        Assert.Equal("[SPAM]", Subject(Tag("From: a@example.org\r\n\r\nbody\r\n")!));

    [Fact]
    public void Without_the_end_of_the_header_section_nothing_is_tagged() =>
        Assert.Null(HeaderBlock.Parse(Encoding.ASCII.GetBytes("Subject: no end")));
}
