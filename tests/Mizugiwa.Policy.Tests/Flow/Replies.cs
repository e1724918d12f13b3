using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Flow;

/// <summary>Assertions shared by the flow-control and harvest-guard tests: never a 5xx.</summary>
internal static class Replies
{
    public static void NeverPermanent(Verdict verdict)
    {
        Assert.NotEqual(VerdictAction.Reject, verdict.Action);
        Assert.NotEqual(VerdictAction.RejectDisconnect, verdict.Action);
        if (verdict.Reply is { } reply)
        {
            Assert.StartsWith("4", reply.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.StartsWith("4.", reply.EnhancedCode);
        }
    }

    public static void Is(Verdict verdict, VerdictAction action, int code, string enhanced)
    {
        NeverPermanent(verdict);
        Assert.Equal(action, verdict.Action);
        Assert.Equal(code, verdict.Reply!.Code);
        Assert.Equal(enhanced, verdict.Reply.EnhancedCode);
    }
}
