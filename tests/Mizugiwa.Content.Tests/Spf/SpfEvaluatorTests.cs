using System.Net;
using Microsoft.Extensions.Time.Testing;
using Mizugiwa.Content.Spf;

namespace Mizugiwa.Content.Tests.Spf;

/// <summary>check_host() edge cases against an in-memory resolver.</summary>
public sealed class SpfEvaluatorTests
{
    private const string Client = "192.0.2.3";
    private readonly FakeSpfDns _dns = new();

    private Task<SpfCheckResult> Check(string domain = "example.com", string ip = Client, string? sender = null, string? helo = "mx.example.org", TimeProvider? time = null) =>
        new SpfEvaluator(_dns, timeProvider: time).CheckHostAsync(IPAddress.Parse(ip), domain, sender ?? "user@" + domain, helo, CancellationToken.None);

    private async Task<SpfResult> Result(string record, string ip = Client)
    {
        _dns.Txt("example.com", record);
        return (await Check(ip: ip)).Result;
    }

    [Theory]
    [InlineData("v=spf1 ip4:192.0.2.0/24 -all", SpfResult.Pass)]
    [InlineData("v=spf1 -ip4:192.0.2.3 +all", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:198.51.100.0/24 -all", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:198.51.100.0/24 ~all", SpfResult.SoftFail)]
    [InlineData("v=spf1 ip4:198.51.100.0/24 ?all", SpfResult.Neutral)]
    [InlineData("v=spf1 ip4:198.51.100.0/24", SpfResult.Neutral)]
    [InlineData("v=spf1", SpfResult.Neutral)]
    [InlineData("V=SPF1 IP4:192.0.2.3 -ALL", SpfResult.Pass)]
    [InlineData("v=spf1  ip4:192.0.2.3   -all  ", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.2/31 -all", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.4/31 -all", SpfResult.Fail)]
    [InlineData("v=spf1 ip4:0.0.0.0/0 -all", SpfResult.Pass)]
    [InlineData("v=spf1 ip6:2001:db8::/32 -all", SpfResult.Fail)]
    [InlineData("v=spf1 foo=bar ip4:192.0.2.3 -all", SpfResult.Pass)]
    [InlineData("v=spf1 x-unknown=%{d}.z ip4:192.0.2.3", SpfResult.Pass)]
    public async Task Qualifiers_ip4_ip6_and_unknown_modifiers(string record, SpfResult expected) =>
        Assert.Equal(expected, await Result(record));

    [Theory]
    [InlineData("v=spf1 ip6:2001:db8::/32 -all", SpfResult.Pass)]
    [InlineData("v=spf1 ip6:2001:db8:0:1::/64 -all", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:2001:db8::cb01 -all", SpfResult.Pass)]
    [InlineData("v=spf1 ip4:192.0.2.0/24 -all", SpfResult.Fail)]
    [InlineData("v=spf1 ip6:::/0 -all", SpfResult.Pass)]
    public async Task Ipv6_clients_match_only_ip6(string record, SpfResult expected) =>
        Assert.Equal(expected, await Result(record, "2001:db8::cb01"));

    [Fact]
    public async Task Ipv4_mapped_client_is_checked_as_ipv4()
    {
        Assert.Equal(SpfResult.Pass, await Result("v=spf1 ip4:192.0.2.3 -all", "::ffff:192.0.2.3"));
    }

    [Theory]
    [InlineData("v=spf1 ip4:192.0.2.3 -all foo")]
    [InlineData("v=spf1 +all include")]
    [InlineData("v=spf1 +all include:")]
    [InlineData("v=spf1 +all a:example")]
    [InlineData("v=spf1 +all a:1.2.3.4")]
    [InlineData("v=spf1 +all ip4:192.0.2.3/33")]
    [InlineData("v=spf1 +all ip4:192.0.2.3/024")]
    [InlineData("v=spf1 +all ip4:192.0.2.03")]
    [InlineData("v=spf1 +all ip4:192.0.2")]
    [InlineData("v=spf1 +all ip4:192.0.2.3//64")]
    [InlineData("v=spf1 +all ip6:192.0.2.3")]
    [InlineData("v=spf1 +all ip6:2001:db8::/129")]
    [InlineData("v=spf1 +all ip6:fe80::1%eth0")]
    [InlineData("v=spf1 +all a/33")]
    [InlineData("v=spf1 +all a//129")]
    [InlineData("v=spf1 +all all:foo.com")]
    [InlineData("v=spf1 +all ptr/24")]
    [InlineData("v=spf1 +all exists:%{c}.example.com")]
    [InlineData("v=spf1 +all exists:%{t}.example.com")]
    [InlineData("v=spf1 +all redirect=a.example.com redirect=b.example.com")]
    [InlineData("v=spf1 +all exp=a.example.com exp=b.example.com")]
    [InlineData("v=spf1 +all -redirect=a.example.com")]
    [InlineData("v=spf1 +all foo=%{x}")]
    [InlineData("v=spf1 +all *all")]
    [InlineData("v=spf1 +all ip4:192.0.2.3\n")]
    [InlineData("v=spf1 +all a:example.com/24\n")]
    [InlineData("v=spf1 +all foo=bar\n")]
    [InlineData("v=spf1 +all a:example.com\n")]
    public async Task Any_syntax_error_is_a_permerror_even_after_a_match(string record)
    {
        _dns.Txt("example.com", record);
        var result = await Check();
        Assert.Equal(SpfResult.PermError, result.Result);
        Assert.NotNull(result.Problem);
    }

    [Fact]
    public async Task No_record_or_no_domain_is_none()
    {
        _dns.Txt("text.example.com", "some verification token", "v=spf10 -all");

        Assert.Equal(SpfResult.None, (await Check("nothing.example.com")).Result);
        Assert.Equal(SpfResult.None, (await Check("text.example.com")).Result);
        Assert.Equal(SpfResult.None, (await Check("localhost")).Result);
        Assert.Equal(SpfResult.None, (await Check("a..example.com")).Result);
        Assert.Equal(SpfResult.None, (await Check(new string('x', 64) + ".example.com")).Result);
    }

    [Fact]
    public async Task Two_records_are_a_permerror()
    {
        _dns.Txt("example.com", "v=spf1 +all", "v=spf1 -all", "unrelated");
        Assert.Equal(SpfResult.PermError, (await Check()).Result);
    }

    [Fact]
    public async Task Txt_failure_is_a_temperror()
    {
        _dns.Fail("example.com");
        var result = await Check();
        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Contains("SERVFAIL", result.Problem);
    }

    [Fact]
    public async Task Matching_directive_is_reported()
    {
        var result = await Result("v=spf1 ip4:198.51.100.1 ~ip4:192.0.2.0/24 -all");
        Assert.Equal(SpfResult.SoftFail, result);
        Assert.Equal("~ip4:192.0.2.0/24", (await Check()).Mechanism);
    }

    [Fact]
    public async Task A_uses_the_family_of_the_client_and_dual_cidr()
    {
        _dns.Txt("example.com", "v=spf1 a/24//64 -all").Address("example.com", "192.0.2.200", "2001:db8::1");
        _dns.Txt("exact.example.com", "v=spf1 a -all").Address("exact.example.com", "192.0.2.200", "2001:db8::1");

        Assert.Equal(SpfResult.Pass, (await Check()).Result);
        Assert.Equal(SpfResult.Pass, (await Check(ip: "2001:db8::ffff")).Result);
        Assert.Equal(SpfResult.Fail, (await Check(ip: "2001:db8:0:1::1")).Result);
        Assert.Equal(SpfResult.Fail, (await Check("exact.example.com")).Result);
        Assert.Equal(SpfResult.Pass, (await Check("exact.example.com", ip: "192.0.2.200")).Result);
        Assert.Contains("AAAA example.com", _dns.Queries);
    }

    [Fact]
    public async Task A_with_a_target_and_its_own_cidr()
    {
        _dns.Txt("example.com", "v=spf1 a:mail.example.net/28 -all").Address("mail.example.net", "192.0.2.14");
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
        Assert.Equal(SpfResult.Fail, (await Check(ip: "192.0.2.16")).Result);
    }

    [Fact]
    public async Task A_failure_is_a_temperror()
    {
        _dns.Txt("example.com", "v=spf1 a:broken.example.net ip4:192.0.2.3").Fail("broken.example.net");
        Assert.Equal(SpfResult.TempError, (await Check()).Result);
    }

    [Fact]
    public async Task Mx_matches_an_address_of_any_exchanger()
    {
        _dns.Txt("example.com", "v=spf1 mx -all").Mx("example.com", "mx1.example.com", "mx2.example.com")
            .Address("mx1.example.com", "198.51.100.1").Address("mx2.example.com", "192.0.2.3");
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
        Assert.Equal(SpfResult.Fail, (await Check(ip: "192.0.2.4")).Result);
    }

    [Fact]
    public async Task Mx_with_more_than_ten_names_is_a_permerror()
    {
        _dns.Txt("example.com", "v=spf1 mx -all").Mx("example.com", [.. Enumerable.Range(1, 11).Select(i => $"mx{i}.example.com")]);
        _dns.Txt("ten.example.com", "v=spf1 mx -all").Mx("ten.example.com", [.. Enumerable.Range(1, 10).Select(i => $"mx{i}.example.com")]);
        _dns.Address("mx10.example.com", Client);

        Assert.Equal(SpfResult.PermError, (await Check()).Result);
        Assert.Equal(SpfResult.Pass, (await Check("ten.example.com")).Result);
    }

    [Fact]
    public async Task Null_mx_matches_nothing()
    {
        _dns.Txt("example.com", "v=spf1 mx ~all").Mx("example.com", "");
        Assert.Equal(SpfResult.SoftFail, (await Check()).Result);
    }

    [Fact]
    public async Task Mx_host_failure_is_a_temperror()
    {
        _dns.Txt("example.com", "v=spf1 mx -all").Mx("example.com", "mx.example.com").Fail("mx.example.com");
        Assert.Equal(SpfResult.TempError, (await Check()).Result);
    }

    [Fact]
    public async Task Ptr_matches_a_forward_confirmed_name_at_or_below_the_target()
    {
        _dns.Txt("example.com", "v=spf1 ptr -all")
            .Ptr(Client, "liar.example.com", "host.mail.example.com")
            .Address("host.mail.example.com", Client)
            .Address("liar.example.com", "198.51.100.9");
        _dns.Txt("other.example.org", "v=spf1 ptr:example.com -all");
        _dns.Txt("unconfirmed.example.org", "v=spf1 ptr:liar.example.com -all");

        Assert.Equal(SpfResult.Pass, (await Check()).Result);
        Assert.Equal(SpfResult.Pass, (await Check("other.example.org")).Result);
        Assert.Equal(SpfResult.Fail, (await Check("unconfirmed.example.org")).Result);
        Assert.Equal(SpfResult.Fail, (await Check(ip: "192.0.2.99")).Result);
    }

    [Fact]
    public async Task Ptr_looks_at_ten_names_only_and_dns_errors_do_not_match()
    {
        _dns.Txt("example.com", "v=spf1 ptr -all")
            .Ptr(Client, [.. Enumerable.Range(1, 11).Select(i => $"h{i}.example.com")])
            .Address("h11.example.com", Client);
        _dns.Txt("broken.example.org", "v=spf1 ptr:example.com ?all").Fail("ptr:198.51.100.1");

        Assert.Equal(SpfResult.Fail, (await Check()).Result);
        Assert.DoesNotContain("A h11.example.com", _dns.Queries);
        Assert.Equal(SpfResult.Neutral, (await Check("broken.example.org", ip: "198.51.100.1")).Result);
    }

    [Fact]
    public async Task Exists_with_macros_asks_for_an_a_record()
    {
        _dns.Txt("example.com", "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d} -all").Address("3.2.0.192.user._spf.example.com", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(sender: "user@example.com")).Result);
        Assert.Equal(SpfResult.Fail, (await Check(sender: "other@example.com")).Result);
    }

    [Fact]
    public async Task Exists_asks_for_a_even_for_ipv6_clients()
    {
        _dns.Txt("example.com", "v=spf1 exists:%{v}.example.net -all").Address("ip6.example.net", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(ip: "2001:db8::1")).Result);
        Assert.Contains("A ip6.example.net", _dns.Queries);
    }

    [Fact]
    public async Task Sender_without_local_part_is_postmaster()
    {
        _dns.Txt("example.com", "v=spf1 exists:%{l}.%{o}.x.example.net -all").Address("postmaster.example.com.x.example.net", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(sender: "@example.com")).Result);
        Assert.Equal(SpfResult.Pass, (await Check(sender: "example.com")).Result);
    }

    [Fact]
    public async Task Validated_name_macro_p()
    {
        _dns.Txt("example.com", "v=spf1 exists:%{p}.ok.example.net -all")
            .Ptr(Client, "other.example.org", "mail.example.com")
            .Address("other.example.org", Client).Address("mail.example.com", Client)
            .Address("mail.example.com.ok.example.net", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
    }

    [Fact]
    public async Task Include_passes_on_pass_and_goes_on_otherwise()
    {
        _dns.Txt("example.com", "v=spf1 include:fails.example.net include:passes.example.net -all")
            .Txt("fails.example.net", "v=spf1 -all")
            .Txt("passes.example.net", "v=spf1 ip4:192.0.2.0/24 -all");
        var pass = await Check();
        var fail = await Check(ip: "198.51.100.1");

        Assert.Equal(SpfResult.Pass, pass.Result);
        Assert.Equal("include:passes.example.net", pass.Mechanism);
        Assert.Equal(SpfResult.Fail, fail.Result);
        Assert.Equal("-all", fail.Mechanism);
    }

    [Fact]
    public async Task Include_uses_its_own_domain_for_d()
    {
        _dns.Txt("example.com", "v=spf1 include:inner.example.net -all")
            .Txt("inner.example.net", "v=spf1 exists:%{d}.check.example.org -all")
            .Address("inner.example.net.check.example.org", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
    }

    [Theory]
    [InlineData("v=spf1 include:none.example.net +all", SpfResult.PermError)]
    [InlineData("v=spf1 include:bad.example.net +all", SpfResult.PermError)]
    [InlineData("v=spf1 include:broken.example.net +all", SpfResult.TempError)]
    [InlineData("v=spf1 include:loop.example.net +all", SpfResult.PermError)]
    public async Task Include_errors_propagate(string record, SpfResult expected)
    {
        _dns.Txt("bad.example.net", "v=spf1 ip4:1.2.3.4/99").Fail("broken.example.net")
            .Txt("loop.example.net", "v=spf1 include:loop.example.net");
        Assert.Equal(expected, await Result(record));
    }

    [Fact]
    public async Task Redirect_is_followed_when_nothing_matched()
    {
        _dns.Txt("example.com", "v=spf1 redirect=_spf.example.net ip4:198.51.100.1")
            .Txt("_spf.example.net", "v=spf1 ip4:192.0.2.3 ~all");
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
        Assert.Equal(SpfResult.Pass, (await Check(ip: "198.51.100.1")).Result);
        Assert.Equal(SpfResult.SoftFail, (await Check(ip: "198.51.100.2")).Result);
    }

    [Fact]
    public async Task Redirect_is_ignored_with_all_and_permerror_without_record()
    {
        _dns.Txt("example.com", "v=spf1 redirect=_spf.example.net ?all").Txt("_spf.example.net", "v=spf1 -all");
        _dns.Txt("nowhere.example.com", "v=spf1 redirect=missing.example.net");

        Assert.Equal(SpfResult.Neutral, (await Check()).Result);
        Assert.Equal(SpfResult.PermError, (await Check("nowhere.example.com")).Result);
    }

    [Fact]
    public async Task Explanation_is_expanded_on_fail()
    {
        _dns.Txt("example.com", "v=spf1 ip4:198.51.100.0/24 -all exp=explain._spf.%{d}")
            .Txt("explain._spf.example.com", "%{i} is not one of %{d}'s designated mail servers; see %{r} at %{t}.");
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var options = new SpfEvaluatorOptions { ReceiverDomain = "mx.receiver.example" };

        var result = await new SpfEvaluator(_dns, options, time).CheckHostAsync(IPAddress.Parse(Client), "example.com", "u@example.com", null, CancellationToken.None);

        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal("192.0.2.3 is not one of example.com's designated mail servers; see mx.receiver.example at 1700000000.", result.Explanation);
        Assert.Null((await Check(ip: "198.51.100.7")).Explanation);
    }

    [Theory]
    [InlineData("explain.example.com", null)]
    [InlineData("two.example.com", null)]
    [InlineData("bad.example.com", null)]
    [InlineData("broken.example.com", null)]
    [InlineData("good.example.com", "go away")]
    public async Task Explanation_problems_mean_no_explanation(string target, string? expected)
    {
        _dns.Txt("example.com", $"v=spf1 -all exp={target}")
            .Txt("two.example.com", "one", "two").Txt("bad.example.com", "100%").Fail("broken.example.com")
            .Txt("good.example.com", "go away");
        var result = await Check();
        Assert.Equal(SpfResult.Fail, result.Result);
        Assert.Equal(expected, result.Explanation);
    }

    [Fact]
    public async Task Exp_of_an_included_record_is_not_used_but_a_redirect_target_exp_is()
    {
        _dns.Txt("example.com", "v=spf1 -include:inner.example.net -all")
            .Txt("inner.example.net", "v=spf1 -ip4:192.0.2.3 +all exp=inner-exp.example.net")
            .Txt("inner-exp.example.net", "inner");
        _dns.Txt("red.example.com", "v=spf1 exp=outer-exp.example.net redirect=target.example.net")
            .Txt("outer-exp.example.net", "outer")
            .Txt("target.example.net", "v=spf1 -all exp=inner-exp.example.net");

        var included = await Check(ip: "198.51.100.1");
        var redirected = await Check("red.example.com");

        Assert.Equal((SpfResult.Fail, (string?)null), (included.Result, included.Explanation));
        Assert.Equal((SpfResult.Fail, (string?)"inner"), (redirected.Result, redirected.Explanation));
    }

    [Fact]
    public async Task Ten_dns_terms_are_allowed_the_eleventh_is_a_permerror()
    {
        var ten = string.Join(' ', Enumerable.Range(1, 10).Select(i => $"a:h{i}.example.net"));
        foreach (var i in Enumerable.Range(1, 11)) _dns.Address($"h{i}.example.net", "198.51.100.1");
        _dns.Txt("ten.example.com", $"v=spf1 {ten} ip4:192.0.2.3 -all");
        _dns.Txt("eleven.example.com", $"v=spf1 {ten} a:h11.example.net ip4:192.0.2.3 -all");
        _dns.Txt("early.example.com", $"v=spf1 ip4:192.0.2.3 {ten} a:h11.example.net -all");

        Assert.Equal(SpfResult.Pass, (await Check("ten.example.com")).Result);
        var eleven = await Check("eleven.example.com");
        Assert.Equal(SpfResult.PermError, eleven.Result);
        Assert.Contains("DNS", eleven.Problem);
        Assert.Equal(SpfResult.Pass, (await Check("early.example.com")).Result);
    }

    [Fact]
    public async Task Lookup_limit_spans_includes_and_redirects()
    {
        _dns.Txt("example.com", "v=spf1 include:i1.example.net redirect=r.example.net");
        _dns.Txt("i1.example.net", "v=spf1 a:x.example.net a:x.example.net a:x.example.net a:x.example.net -all");
        _dns.Txt("r.example.net", "v=spf1 mx:x.example.net mx:x.example.net mx:x.example.net exists:x.example.net +all");
        _dns.Address("x.example.net", "198.51.100.1").Mx("x.example.net", "x.example.net");

        // include 1 + a 4 + redirect 1 + mx 3 + exists 1 = 10: fine; one more term would not be.
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
        _dns.Txt("more.example.com", "v=spf1 include:i1.example.net ptr:x.example.net redirect=r.example.net");
        Assert.Equal(SpfResult.PermError, (await Check("more.example.com")).Result);
    }

    [Fact]
    public async Task Two_void_lookups_are_allowed_the_third_is_a_permerror()
    {
        _dns.Txt("two.example.com", "v=spf1 a:n1.example.net mx:n2.example.net ip4:192.0.2.3 -all");
        _dns.Txt("three.example.com", "v=spf1 a:n1.example.net mx:n2.example.net exists:n3.example.net ip4:192.0.2.3 -all");
        _dns.Txt("ptr.example.com", "v=spf1 a:n1.example.net mx:n2.example.net ptr ip4:192.0.2.3 -all");

        Assert.Equal(SpfResult.Pass, (await Check("two.example.com")).Result);
        var three = await Check("three.example.com");
        Assert.Equal(SpfResult.PermError, three.Result);
        Assert.Contains("void", three.Problem);
        Assert.Equal(SpfResult.PermError, (await Check("ptr.example.com")).Result);
    }

    [Fact]
    public async Task Helo_macro_and_uppercase_macro_in_a_lookup()
    {
        _dns.Txt("example.com", "v=spf1 exists:%{H}.%{L}.helo.example.net -all")
            .Address("mx.example.org.a%2Bb.helo.example.net", "127.0.0.2");
        Assert.Equal(SpfResult.Pass, (await Check(sender: "a+b@example.com")).Result);
    }

    [Fact]
    public async Task Escapes_can_put_percent_and_spaces_into_a_looked_up_name()
    {
        _dns.Txt("example.com", "v=spf1 a:x%%y%_z%-w.example.net -all").Address("x%y z%20w.example.net", Client);
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
    }

    [Fact]
    public async Task Domain_spec_may_hold_colons_and_slashes()
    {
        _dns.Txt("example.com", "v=spf1 a:odd:name/x.example.net -all").Address("odd:name/x.example.net", Client);
        Assert.Equal(SpfResult.Pass, (await Check()).Result);
    }

    [Theory]
    [InlineData("[192.0.2.3]")]
    [InlineData("192.0.2.3")]
    [InlineData("example.-com")]
    public async Task Address_literals_and_bad_toplabels_are_none_without_a_lookup(string domain)
    {
        Assert.Equal(SpfResult.None, (await Check(domain)).Result);
        Assert.Empty(_dns.Queries);
    }

    [Fact]
    public async Task Helo_that_is_not_a_name_makes_a_helo_macro_match_nothing()
    {
        _dns.Txt("example.com", "v=spf1 -include:_h.%{d} ip4:192.0.2.0/24 -all").Txt("_h.example.com", "v=spf1 -a:%{h} +all");
        Assert.Equal(SpfResult.Fail, (await Check(helo: "OEMCOMPUTER")).Result);
    }

    [Fact]
    public async Task Explanation_keeps_its_trailing_dot_and_exp_lookups_are_not_void()
    {
        _dns.Txt("example.com", "v=spf1 a:n1.example.net a:n2.example.net exp=msg.example.com. -all").Txt("msg.example.com", "Not allowed.");
        _dns.Txt("nx.example.com", "v=spf1 a:n1.example.net a:n2.example.net exp=nowhere.example.com -all");

        Assert.Equal("Not allowed.", (await Check()).Explanation);
        Assert.Equal(SpfResult.Fail, (await Check("nx.example.com")).Result);
    }

    [Fact]
    public async Task A_check_that_takes_too_long_is_a_temperror()
    {
        _dns.Txt("example.com", "v=spf1 a:slow.example.net -all").Hang("slow.example.net");
        var time = new FakeTimeProvider();
        var evaluator = new SpfEvaluator(_dns, new SpfEvaluatorOptions { Timeout = TimeSpan.FromSeconds(20) }, time);

        var check = evaluator.CheckHostAsync(IPAddress.Parse(Client), "example.com", "u@example.com", null, CancellationToken.None);
        Assert.False(check.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(20));
        var result = await check;

        Assert.Equal(SpfResult.TempError, result.Result);
        Assert.Contains("20 s", result.Problem);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_result()
    {
        _dns.Txt("example.com", "v=spf1 a:slow.example.net -all").Hang("slow.example.net");
        using var cancel = new CancellationTokenSource();

        var check = new SpfEvaluator(_dns).CheckHostAsync(IPAddress.Parse(Client), "example.com", "u@example.com", null, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check);
    }
}
