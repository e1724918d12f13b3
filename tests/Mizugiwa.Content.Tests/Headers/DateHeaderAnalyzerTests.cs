using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Headers;

namespace Mizugiwa.Content.Tests.Headers;

public sealed class DateHeaderAnalyzerTests
{
    private static readonly DateHeaderAnalyzer Analyzer = new(new FakeTimeProvider(TestMail.Now));

    [Fact]
    public void Missing_date_fires_DATE_MISSING() =>
        Assert.Equal([DateHeaderAnalyzer.Missing], new TestMail().Remove("Date").Symbols(Analyzer));

    [Theory]
    [InlineData("yesterday at noon")]
    [InlineData("Fri, 32 Foo 2026 99:00:00")]
    public void Unparseable_date_fires_DATE_INVALID(string date) =>
        Assert.Equal([DateHeaderAnalyzer.Invalid], new TestMail().Set("Date", date).Symbols(Analyzer));

    [Fact]
    public void An_obsolete_but_valid_date_is_not_invalid() =>
        Assert.Empty(new TestMail().Set("Date", "4 Dec 2026 04:00 GMT").Symbols(Analyzer));

    [Fact]
    public void Date_two_days_ahead_fires_DATE_IN_FUTURE() =>
        Assert.Equal([DateHeaderAnalyzer.InFuture], new TestMail().Set("Date", "Sun, 06 Dec 2026 05:00:00 +0000").Symbols(Analyzer));

    [Fact]
    public void Clock_skew_of_a_few_hours_is_tolerated() =>
        Assert.Empty(new TestMail().Set("Date", "Fri, 04 Dec 2026 09:00:00 +0000").Symbols(Analyzer));

    [Fact]
    public void Date_a_week_behind_fires_DATE_IN_PAST() =>
        Assert.Equal([DateHeaderAnalyzer.InPast], new TestMail().Set("Date", "Fri, 27 Nov 2026 05:00:00 +0000").Symbols(Analyzer));

    [Fact]
    public void Date_a_day_behind_is_tolerated() =>
        Assert.Empty(new TestMail().Set("Date", "Thu, 03 Dec 2026 05:00:00 +0000").Symbols(Analyzer));

    [Fact]
    public void Now_comes_from_the_time_provider()
    {
        var time = new FakeTimeProvider(TestMail.Now.AddDays(10));
        Assert.Equal([DateHeaderAnalyzer.InPast], new TestMail().Symbols(new DateHeaderAnalyzer(time)));
        Assert.Empty(new TestMail().Symbols(new DateHeaderAnalyzer(time, new DateHeaderOptions(TimeSpan.FromHours(12), TimeSpan.FromDays(30)))));
    }
}
