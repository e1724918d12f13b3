using Mizugiwa.Milter.Protocol;
using Mizugiwa.Milter.Tests.Support;

namespace Mizugiwa.Milter.Tests.Protocol;

public sealed class MilterNegotiationTests
{
    private static byte[] Offer(uint version, uint actions, uint steps) =>
        [.. MilterTestClient.Word(version), .. MilterTestClient.Word(actions), .. MilterTestClient.Word(steps)];

    [Fact]
    public void Postfix_offer_gets_version_6_header_and_body_actions_and_the_steps_we_want()
    {
        var (reply, ours, agreed) = MilterNegotiation.Answer(Offer(6, MilterTestClient.PostfixActions, MilterTestClient.PostfixSteps));
        Assert.Equal(MilterCommand.Negotiate, reply.Command);
        var (version, actions, steps) = MilterFields.Negotiation(reply.Data);
        Assert.Equal(6u, version);
        Assert.Equal(MilterActions.AddHeaders | MilterActions.ChangeHeaders | MilterActions.ChangeBody, actions);
        Assert.Equal(actions, ours);
        Assert.Equal(MilterNegotiation.WantedSteps, steps);
        Assert.Equal(steps, agreed);
        Assert.True(agreed.HasFlag(MilterSteps.HeaderLeadingSpace));
        Assert.False(agreed.HasFlag(MilterSteps.NoBody));
    }

    [Fact]
    public void Only_offered_steps_and_actions_are_taken()
    {
        var offered = (uint)(MilterSteps.NoReplyToHeaders | MilterSteps.NoConnect | MilterSteps.NoUnknown);
        var (_, actions, agreed) = MilterNegotiation.Answer(Offer(6, (uint)(MilterActions.AddHeaders | MilterActions.ChangeHeaders | MilterActions.Quarantine), offered));
        Assert.Equal(MilterSteps.NoReplyToHeaders | MilterSteps.NoUnknown, agreed);
        Assert.Equal(MilterActions.AddHeaders | MilterActions.ChangeHeaders, actions);
    }

    [Fact]
    public void An_older_protocol_version_is_refused_naming_the_postfix_setting()
    {
        var e = Assert.Throws<MilterProtocolException>(() => MilterNegotiation.Answer(Offer(2, MilterTestClient.PostfixActions, 0x7F)));
        Assert.Contains("version 2", e.Message);
        Assert.Contains("milter_protocol = 6", e.Message);
    }

    [Fact]
    public void An_MTA_that_does_not_allow_changing_headers_is_refused()
    {
        var e = Assert.Throws<MilterProtocolException>(() => MilterNegotiation.Answer(Offer(6, (uint)MilterActions.AddHeaders, MilterTestClient.PostfixSteps)));
        Assert.Contains("changing headers", e.Message);
    }

    [Fact]
    public void A_short_negotiation_is_refused()
    {
        Assert.Throws<MilterProtocolException>(() => MilterNegotiation.Answer(new byte[8]));
    }
}
