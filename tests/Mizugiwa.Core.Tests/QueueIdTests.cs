using Microsoft.Extensions.Time.Testing;

namespace Mizugiwa.Core.Tests;

public sealed class QueueIdTests
{
    [Fact]
    public void Ids_are_valid_unique_and_ordered_by_time()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var first = QueueId.New(time);
        time.Advance(TimeSpan.FromSeconds(1));
        var ids = Enumerable.Range(0, 1000).Select(_ => QueueId.New(time)).ToList();
        Assert.All(ids, id => Assert.True(QueueId.IsValid(id)));
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(string.CompareOrdinal(first[..10], id[..10]) < 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc/passwd")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    public void Foreign_strings_are_not_ids(string text) => Assert.False(QueueId.IsValid(text));
}
