namespace Mizugiwa.Content.Tests.Headers;

public sealed class CleanMessageTests
{
    [Fact]
    public void A_plain_well_formed_message_fires_no_header_symbol() =>
        Assert.Empty(new TestMail().Symbols(TestMail.AllAnalyzers()));

    [Fact]
    public void A_well_formed_multipart_alternative_with_attachment_fires_no_symbol()
    {
        var mail = new TestMail().WithBody("multipart/mixed; boundary=m",
            "--m\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n" +
            "--a\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nThe minutes of the meeting are attached, see the budget section.\r\n" +
            "--a\r\nContent-Type: text/html; charset=us-ascii\r\n\r\n<p>The minutes of the <b>meeting</b> are attached, see the budget section.</p>\r\n--a--\r\n" +
            "--m\r\nContent-Type: application/pdf; name=minutes.pdf\r\nContent-Disposition: attachment; filename=minutes.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--m--\r\n");
        Assert.Empty(mail.Symbols(TestMail.AllAnalyzers()));
    }
}
