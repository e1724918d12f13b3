using Mizugiwa.Policy.PolicyDelegation;
using Mizugiwa.Smtp;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.PolicyDelegation;

public sealed class PolicyActionsTests
{
    [Fact]
    public void Continue_and_accept_are_dunno_never_ok()
    {
        Assert.Equal("DUNNO", PolicyActions.From(Verdict.Continue));
        Assert.Equal("DUNNO", PolicyActions.From(Verdict.Accept("postmaster")));
    }

    [Fact]
    public void A_refusal_is_its_reply_with_the_enhanced_code()
    {
        Assert.Equal("554 5.7.1 Listed in bl.example", PolicyActions.From(Verdict.Reject(new SmtpReply(554, "5.7.1", "Listed in bl.example"), "dnsbl")));
        Assert.Equal("450 Try later", PolicyActions.From(Verdict.Defer(new SmtpReply(450, null, "Try later"), "x")));
    }

    [Fact]
    public void A_disconnecting_refusal_keeps_its_421()
    {
        var verdict = new Verdict(VerdictAction.DeferDisconnect, new SmtpReply(421, "4.7.0", "Go away"), "x");
        Assert.Equal("421 4.7.0 Go away", PolicyActions.From(verdict));
    }

    [Fact]
    public void A_refusal_without_a_usable_reply_gets_a_default_of_its_kind()
    {
        Assert.Equal("451 4.7.1 Try again later", PolicyActions.From(new Verdict(VerdictAction.Defer, null, "x")));
        Assert.Equal("554 5.7.1 Access denied", PolicyActions.From(new Verdict(VerdictAction.Reject, new SmtpReply(250, "2.0.0", "Ok"), "x")));
    }

    [Fact]
    public void Line_breaks_cannot_end_the_reply_early()
    {
        var action = PolicyActions.From(Verdict.Reject(new SmtpReply(554, "5.7.1", "first\r\nsecond", "third"), "x"));
        Assert.Equal("554 5.7.1 first  second third", action);
        var header = PolicyActions.From(Verdict.Continue with { Headers = [new AddedHeader("X-Test", "a\nb")] });
        Assert.Equal("PREPEND X-Test: a b", header);
    }

    [Fact]
    public void Only_the_first_header_is_prepended()
    {
        var verdict = Verdict.Continue with { Headers = [new AddedHeader("X-A", "1"), new AddedHeader("X-B", "2")] };
        Assert.Equal("PREPEND X-A: 1", PolicyActions.From(verdict));
    }
}
