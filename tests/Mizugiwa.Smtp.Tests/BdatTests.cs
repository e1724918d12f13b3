using System.Text;
using Mizugiwa.Smtp.Tests.Support;

namespace Mizugiwa.Smtp.Tests;

public sealed class BdatTests
{
    private const string Head = "EHLO c\r\nMAIL FROM:<s@r.test>\r\nRCPT TO:<alice@example.test>\r\n";

    [Fact]
    public async Task Chunks_are_joined_and_crlf_split_between_chunks_is_fine()
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync(Head + "BDAT 13\r\nSubject: a\r\n\rBDAT 8 LAST\r\n\nbody\r\n.QUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "250", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Contains("250 2.0.0 Ok: 13 octets received", transcript);
        Assert.EndsWith("Subject: a\r\n\r\nbody\r\n.", Encoding.ASCII.GetString(Assert.Single(h.Spool.Committed).Content));
    }

    [Fact]
    public async Task Bdat_without_recipients_consumes_the_chunk()
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync("EHLO c\r\nMAIL FROM:<s@r.test>\r\nBDAT 6 LAST\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "554", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Bdat_before_mail_consumes_the_chunk()
    {
        var transcript = await new SessionHarness().RunAsync("EHLO c\r\nBDAT 6\r\nQUIT\r\nNOOP\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "503", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Data_after_bdat_is_refused()
    {
        var transcript = await new SessionHarness().RunAsync(Head + "BDAT 3\r\nabcDATA\r\nRSET\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "250", "503", "250", "221"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Bad_bdat_syntax_closes_the_session()
    {
        var transcript = await new SessionHarness().RunAsync(Head + "BDAT lots\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "501"], SessionHarness.Codes(transcript));
    }

    [Fact]
    public async Task Empty_last_chunk_finishes_the_message()
    {
        var h = new SessionHarness();
        var transcript = await h.RunAsync(Head + "BDAT 5\r\nx\r\n\r\nBDAT 0 LAST\r\nQUIT\r\n");
        Assert.Equal(["220", "250", "250", "250", "250", "250", "221"], SessionHarness.Codes(transcript));
        Assert.Single(h.Spool.Committed);
    }

    [Fact]
    public async Task Chunk_split_at_every_byte_boundary()
    {
        var input = Encoding.ASCII.GetBytes(Head + "BDAT 13\r\nSubject: a\r\n\rBDAT 8 LAST\r\n\nbody\r\n.QUIT\r\n");
        for (int split = 1; split < input.Length; split++)
        {
            var h = new SessionHarness();
            var transcript = await h.RunAsync(input, [split]);
            Assert.Equal(["220", "250", "250", "250", "250", "250", "221"], SessionHarness.Codes(transcript));
            Assert.Single(h.Spool.Committed);
        }
    }
}
