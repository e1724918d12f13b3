using System.Text;
using Mizugiwa.Delivery.Outbound;

namespace Mizugiwa.Delivery.Tests.Outbound;

public sealed class SmtpLineLimitTests
{
    private static async Task<bool> ExceededAsync(string text)
    {
        await using var watch = new SmtpLineLimit(new MemoryStream(Encoding.ASCII.GetBytes(text)));
        await watch.CopyToAsync(Stream.Null);
        return watch.Exceeded;
    }

    [Fact]
    public async Task A_line_of_998_octets_fits_and_one_of_999_does_not_wherever_it_stands()
    {
        Assert.False(await ExceededAsync($"Subject: x\r\n\r\n{new string('a', 998)}\r\nshort\r\n"));
        Assert.True(await ExceededAsync($"Subject: x\r\n\r\n{new string('a', 999)}\r\nshort\r\n"));
        Assert.True(await ExceededAsync($"Subject: x\r\n\r\nshort\r\n{new string('a', 70_000)}"));
        Assert.False(await ExceededAsync(string.Concat(Enumerable.Repeat(new string('a', 998) + "\r\n", 200))));
    }
}
