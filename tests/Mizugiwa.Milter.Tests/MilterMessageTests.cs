using System.Text;

namespace Mizugiwa.Milter.Tests;

public sealed class MilterMessageTests
{
    [Fact]
    public void The_message_is_rebuilt_as_received_with_folds_as_CRLF()
    {
        var message = new MilterMessage(1 << 20, valuesHaveLeadingSpace: true);
        message.AddHeader("From"u8.ToArray(), " a@example.org"u8.ToArray());
        message.AddHeader("Subject"u8.ToArray(), " one\n\ttwo"u8.ToArray());
        message.AddHeader("X-Tab"u8.ToArray(), "\tvalue"u8.ToArray());
        message.AddBody("line 1\r\n"u8);
        message.AddBody("line 2\r\n"u8);
        var raw = Encoding.UTF8.GetString(message.Build("Received: x\r\n"u8));
        Assert.Equal("Received: x\r\nFrom: a@example.org\r\nSubject: one\r\n\ttwo\r\nX-Tab:\tvalue\r\n\r\nline 1\r\nline 2\r\n", raw);
        Assert.Equal(raw.Length - "Received: x\r\n".Length, message.Size);
    }

    [Fact]
    public void Without_the_leading_space_step_the_space_the_MTA_dropped_is_put_back()
    {
        var message = new MilterMessage(1 << 20, valuesHaveLeadingSpace: false);
        message.AddHeader("To"u8.ToArray(), "b@example.org"u8.ToArray());
        Assert.Equal("To: b@example.org\r\n\r\n", Encoding.UTF8.GetString(message.Build([])));
    }

    [Fact]
    public void A_message_over_the_limit_is_counted_but_not_kept()
    {
        var message = new MilterMessage(100, valuesHaveLeadingSpace: true);
        message.AddHeader("Subject"u8.ToArray(), " x"u8.ToArray());
        message.AddBody(new byte[200]);
        Assert.True(message.TooLarge);
        Assert.True(message.Size > 200);
        Assert.Throws<InvalidOperationException>(() => message.Build([]));
    }
}
