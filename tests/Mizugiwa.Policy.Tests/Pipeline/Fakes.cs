using System.Net;
using Mizugiwa.Core;
using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.Pipeline;

internal sealed class StubCheck(string name, Verdict connect, Verdict? rcpt = null) : IConnectCheck, IRcptCheck
{
    public string Name => name;
    public int RcptCalls { get; private set; }
    public ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(connect);
    public ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt1, CancellationToken cancellationToken)
    {
        RcptCalls++;
        return ValueTask.FromResult(rcpt ?? Verdict.Continue);
    }
}

internal sealed class ThrowingCheck : IRcptCheck
{
    public string Name => "broken";
    public ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken) => throw new InvalidOperationException("boom");
}

/// <summary>example.test is local, everything else is not.</summary>
internal sealed class LocalDomainDirectory : IRecipientDirectory
{
    public ValueTask<RecipientResolution> ResolveAsync(SmtpAddress address, CancellationToken cancellationToken) =>
        ValueTask.FromResult(address.Domain == "example.test" ? new RecipientResolution(RecipientStatus.Local, ["x"]) : RecipientResolution.NotLocal);
}

internal static class Contexts
{
    public static SessionContext Session(string ip = "192.0.2.10", string? clientName = null, string? helo = null) =>
        new("s1", IPAddress.Parse(ip)) { ClientName = clientName, Helo = helo };

    public static RcptContext Rcpt(SessionContext session, string address = "alice@example.test", RecipientStatus status = RecipientStatus.Local) =>
        new(session, SmtpAddress.TryParse(address, true, out _), address, status);
}
