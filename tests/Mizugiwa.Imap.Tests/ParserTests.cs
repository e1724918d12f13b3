using System.Text;

namespace Mizugiwa.Imap.Tests;

public sealed class ParserTests
{
    [Fact]
    public void Astrings_are_atoms_quoted_strings_or_literals()
    {
        var parser = new ImapParser(Encoding.ASCII.GetBytes("alice \"p\\\"w d\" {3}\r\nx y"));
        Assert.Equal("alice", parser.AString("user"));
        parser.Space();
        Assert.Equal("p\"w d", parser.AString("password"));
        parser.Space();
        Assert.Equal("x y", parser.AString("literal"));
        parser.End();
    }

    [Theory]
    [InlineData("\"open", "unterminated quoted string for x")]
    [InlineData("{9}\r\nab", "the literal for x is short")]
    [InlineData("(", "expected x")]
    public void Broken_strings_name_the_problem(string text, string problem)
    {
        var error = Assert.Throws<ImapSyntaxException>(() => new ImapParser(Encoding.ASCII.GetBytes(text)).AString("x"));
        Assert.Equal(problem, error.Message);
    }

    [Fact]
    public void Sequence_sets_resolve_star_and_reversed_ranges()
    {
        var set = SequenceSet.Parse("1:3,7,9:*");
        Assert.True(set.Contains(2, 12));
        Assert.False(set.Contains(5, 12));
        Assert.True(set.Contains(12, 12));
        Assert.True(SequenceSet.Parse("5:2").Contains(3, 10));
        // "n:*" always includes the largest, even when n is larger.
        Assert.True(SequenceSet.Parse("50:*").Contains(10, 10));
        Assert.Equal("1:3,5,7:8", SequenceSet.Format([3, 1, 2, 5, 7, 8]));
        Assert.Throws<ImapSyntaxException>(() => SequenceSet.Parse("1:2:3"));
    }

    [Theory]
    [InlineData("a APPEND INBOX {310}", 310L, true)]
    [InlineData("a LOGIN {5+}", 5L, false)]
    public void Literal_announcements_are_found_at_the_end_of_a_line(string line, long size, bool synchronising)
    {
        Assert.True(CommandReader.TryLiteralAnnouncement(Encoding.ASCII.GetBytes(line), out long found, out bool sync));
        Assert.Equal(size, found);
        Assert.Equal(synchronising, sync);
        Assert.False(CommandReader.TryLiteralAnnouncement("a LOGIN {x}"u8.ToArray(), out _, out _));
    }

    [Fact]
    public void Fetch_macros_and_lists_parse()
    {
        Assert.Equal(4, FetchRequest.Parse(new ImapParser("ALL"u8.ToArray())).Count);
        var items = FetchRequest.Parse(new ImapParser("(UID BODY.PEEK[HEADER.FIELDS (From To)] RFC822.SIZE)"u8.ToArray()));
        Assert.Equal([FetchKind.Uid, FetchKind.Section, FetchKind.Size], items.Select(i => i.Kind));
        Assert.Equal("BODY[HEADER.FIELDS (From To)]", items[1].Section!.ResponseName());
        Assert.True(items[1].Section!.Peek);
    }
}
