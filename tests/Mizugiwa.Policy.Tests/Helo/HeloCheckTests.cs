using System.Net;
using Mizugiwa.Policy.Helo;
using Mizugiwa.Policy.Tests.Pipeline;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Helo;

public sealed class HeloCheckTests
{
    private static readonly HeloCheck Check = new(
        new HeloCheckOptions { OwnNames = ["mx.example.test"], OwnAddresses = [IPAddress.Parse("192.0.2.1")] },
        new LocalDomainDirectory());

    [Theory]
    [InlineData("mx.example.test", "own-name")]
    [InlineData("MX.EXAMPLE.TEST", "own-name")]
    [InlineData("example.test", "own-domain")]
    [InlineData("192.0.2.1", "own-address")]
    [InlineData("[192.0.2.1]", "own-address")]
    [InlineData("gmail.com", "forged-provider")]
    [InlineData("mail.yahoo.co.jp", "forged-provider")]
    public async Task Lies_are_rejected(string helo, string rule)
    {
        var verdict = await Check.CheckHeloAsync(Contexts.Session(clientName: "adsl-1-2-3.dyn.example.net", helo: helo), default);
        Assert.Equal(VerdictAction.Reject, verdict.Action);
        Assert.Equal(rule, verdict.Rule);
        Assert.Equal(554, verdict.Reply!.Code);
    }

    [Fact]
    public async Task Provider_name_with_a_failed_lookup_is_deferred_not_refused() =>
        Assert.Equal(VerdictAction.Defer, (await Check.CheckHeloAsync(Contexts.Session(clientName: null, helo: "gmail.com"), default)).Action);

    [Theory]
    [InlineData("mail-gx0-f21.google.com", "google.com")]
    [InlineData("web10902.mail.bbt.yahoo.co.jp", "mail.yahoo.co.jp")]
    public async Task Provider_names_from_inside_the_provider_pass(string clientName, string helo) =>
        Assert.Equal(VerdictAction.Continue, (await Check.CheckHeloAsync(Contexts.Session(clientName: clientName, helo: helo), default)).Action);

    [Fact]
    public async Task Non_fqdn_and_literal_mismatch_score_by_default()
    {
        var bare = await Check.CheckHeloAsync(Contexts.Session(helo: "workstation"), default);
        Assert.Equal("HELO_NOT_FQDN", Assert.Single(bare.Symbols).Name);
        var literal = await Check.CheckHeloAsync(Contexts.Session(ip: "192.0.2.10", helo: "[198.51.100.1]"), default);
        Assert.Equal("HELO_LITERAL_MISMATCH", Assert.Single(literal.Symbols).Name);
        Assert.Equal(VerdictAction.Continue, (await Check.CheckHeloAsync(Contexts.Session(ip: "192.0.2.10", helo: "[192.0.2.10]"), default)).Action);
    }

    [Fact]
    public async Task Non_fqdn_can_be_configured_to_reject()
    {
        var strict = new HeloCheck(new HeloCheckOptions { NonFqdn = HeloAction.Reject }, new LocalDomainDirectory());
        Assert.Equal(VerdictAction.Reject, (await strict.CheckHeloAsync(Contexts.Session(helo: "workstation"), default)).Action);
    }

    [Fact]
    public async Task Authenticated_and_trusted_sessions_are_exempt()
    {
        var authenticated = Contexts.Session(helo: "mx.example.test");
        authenticated.Authenticated = true;
        Assert.Equal(VerdictAction.Continue, (await Check.CheckHeloAsync(authenticated, default)).Action);
        var trusted = Contexts.Session(helo: "gmail.com");
        trusted.TrustedBy = "allow client 192.0.2.10";
        Assert.Equal(VerdictAction.Continue, (await Check.CheckHeloAsync(trusted, default)).Action);
    }

    [Fact]
    public async Task Honest_helo_passes() =>
        Assert.Equal(VerdictAction.Continue, (await Check.CheckHeloAsync(Contexts.Session(clientName: "mail.remote.test", helo: "mail.remote.test"), default)).Action);
}
