using System.Text;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

/// <summary>
/// The published SMTP smuggling vectors (SEC Consult, December 2023; Postfix's smtpd_forbid_bare_newline notes):
/// a message that holds a fake end of data followed by a second, smuggled, transaction. Only
/// &lt;CRLF&gt;.&lt;CRLF&gt; may end DATA, and a message carrying a bare CR or LF is refused whole.
/// </summary>
public sealed class SmugglingTests
{
    private const string Smuggled = "MAIL FROM:<admin@bank.test>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n";

    public static TheoryData<string> FakeEndsOfData => new()
    {
        "\n.\n", "\n.\r\n", "\r.\r", "\r.\r\n", "\r\n.\r", "\r\n.\n", ".\n",
    };

    [Theory]
    [MemberData(nameof(FakeEndsOfData))]
    public async Task Fake_end_of_data_never_starts_a_second_transaction(string fakeEnd)
    {
        var h = new SessionHarness();
        var input = "EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n" +
            "Subject: first\r\n\r\nhello" + fakeEnd + Smuggled + "\r\n.\r\nQUIT\r\n";
        var transcript = await h.RunAsync(input);
        // One DATA, one final reply for it, then QUIT: the smuggled MAIL/RCPT/DATA were content.
        Assert.Equal(["220", "250", "250", "250", "354", "550", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("550 5.6.0 Message rejected: bare <CR> or <LF>", transcript);
        Assert.Empty(h.Spool.Committed);
    }

    [Fact]
    public async Task Nul_before_the_dot_is_content_and_the_smuggled_commands_stay_content()
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync("EHLO c\r\nMAIL FROM:<s@remote.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n" +
            "Subject: first\r\n\r\nhello\r\n\0.\r\n" + Smuggled + ".\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
        var (envelope, content) = Assert.Single(h.Spool.Committed);
        Assert.Equal("s@remote.test", envelope.Sender);
        Assert.Contains("MAIL FROM:<admin@bank.test>\r\n", Encoding.ASCII.GetString(content));
    }

    [Fact]
    public async Task Proper_crlf_dot_crlf_ends_data_even_when_split_across_reads()
    {
        var input = Encoding.ASCII.GetBytes("EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nA\r\n.\r\nQUIT\r\n");
        int dataStart = Encoding.ASCII.GetString(input).IndexOf("A\r\n", StringComparison.Ordinal);
        for (int split = dataStart; split < input.Length - 6; split++)
        {
            var h = new SessionHarness();
            var transcript = await h.RunAsync(input, [split]);
            Assert.Equal(["220", "250", "250", "250", "354", "250", "221"], SessionHarness.Codes(transcript));
            Assert.EndsWith("\r\nA\r\n", Encoding.ASCII.GetString(Assert.Single(h.Spool.Committed).Content));
        }
    }

    [Fact]
    public async Task Bare_lf_vector_split_at_every_byte_boundary_is_still_refused()
    {
        var text = "EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\nx\n.\n" + Smuggled + ".\r\nQUIT\r\n";
        var input = Encoding.ASCII.GetBytes(text);
        for (int split = 1; split < input.Length; split++)
        {
            var h = new SessionHarness();
            var transcript = await h.RunAsync(input, [split]);
            Assert.Equal(["220", "250", "250", "250", "354", "550", "221"], SessionHarness.Codes(transcript));
            Assert.Empty(h.Spool.Committed);
        }
    }

    [Fact]
    public async Task Bdat_chunk_with_bare_lf_is_refused()
    {
        var h = new SessionHarness();
        var chunk = "Subject: x\n\nbody\r\n";
        var transcript = await h.RunAsync($"EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\nBDAT {chunk.Length} LAST\r\n{chunk}QUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "550", "221"], SessionHarness.Codes(transcript));
        Assert.Empty(h.Spool.Committed);
    }
}
