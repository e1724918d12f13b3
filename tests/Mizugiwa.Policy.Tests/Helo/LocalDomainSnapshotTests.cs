using System.Net;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Policy.Helo;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Helo;

public sealed class LocalDomainSnapshotTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<string> _domains = ["example.test"];
    private int _loads;

    private LocalDomainSnapshot Snapshot() => new(_ =>
    {
        _loads++;
        return Task.FromResult<IReadOnlyList<string>>([.. _domains]);
    }, _time, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task Loads_once_and_reloads_after_the_refresh_interval()
    {
        var snapshot = Snapshot();
        Assert.True(await snapshot.ContainsAsync("EXAMPLE.test", default));
        Assert.False(await snapshot.ContainsAsync("other.test", default));
        _domains.Add("other.test");
        Assert.False(await snapshot.ContainsAsync("other.test", default));
        Assert.Equal(1, _loads);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await snapshot.ContainsAsync("other.test", default));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task The_helo_check_refuses_a_local_domain_from_the_snapshot()
    {
        _domains.Add("only-in-snapshot.test");
        var check = new HeloCheck(new HeloCheckOptions { OwnAddresses = [IPAddress.Parse("192.0.2.1")] }, new LocalDomainDirectory(), Snapshot());
        var verdict = await check.CheckHeloAsync(Contexts.Session(clientName: "mail.remote.example", helo: "only-in-snapshot.test"), default);
        Assert.Equal("own-domain", verdict.Rule);
        var other = await check.CheckHeloAsync(Contexts.Session(clientName: "mail.remote.example", helo: "mail.remote.example"), default);
        Assert.Equal(VerdictAction.Continue, other.Action);
    }
}
