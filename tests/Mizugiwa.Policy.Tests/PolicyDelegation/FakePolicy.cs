using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Tests.PolicyDelegation;

/// <summary>An ISmtpPolicy that answers what it is told per stage and notes what it saw.</summary>
internal sealed class FakePolicy : ISmtpPolicy
{
    private readonly Lock _lock = new();

    public Verdict Connect { get; init; } = Verdict.Continue;
    public Verdict Helo { get; init; } = Verdict.Continue;
    public Verdict Mail { get; init; } = Verdict.Continue;
    public Func<RcptContext, Verdict> Rcpt { get; init; } = _ => Verdict.Continue;
    /// <summary>Thrown from OnRcpt when set.</summary>
    public Exception? RcptThrows { get; init; }

    public List<string> Stages { get; } = [];
    public List<RcptContext> Recipients { get; } = [];

    public ValueTask<Verdict> OnConnectAsync(SessionContext session, CancellationToken cancellationToken) => Note("CONNECT", Connect);
    public ValueTask<Verdict> OnHeloAsync(SessionContext session, CancellationToken cancellationToken) => Note("HELO", Helo);
    public ValueTask<Verdict> OnMailAsync(SessionContext session, CancellationToken cancellationToken) => Note("MAIL", Mail);

    public ValueTask<Verdict> OnRcptAsync(RcptContext rcpt, CancellationToken cancellationToken)
    {
        lock (_lock) Recipients.Add(rcpt);
        if (RcptThrows is not null) throw RcptThrows;
        return Note("RCPT", Rcpt(rcpt));
    }

    public ValueTask OnTransactionEndAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnSessionEndAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private ValueTask<Verdict> Note(string stage, Verdict verdict)
    {
        lock (_lock) Stages.Add(stage);
        return ValueTask.FromResult(verdict);
    }
}

internal static class PolicyRequests
{
    /// <summary>A request as Postfix 3.7 sends it at RCPT (abridged), with the given overrides.</summary>
    public static string Text(string state = "RCPT", string address = "192.0.2.44", string name = "unknown", string helo = "host.example.net",
        string sender = "someone@remote.example", string recipient = "alice@example.test", string extra = "") =>
        "request=smtpd_access_policy\n" +
        $"protocol_state={state}\n" +
        "protocol_name=ESMTP\n" +
        $"client_address={address}\n" +
        $"client_name={name}\n" +
        $"reverse_client_name={name}\n" +
        $"helo_name={helo}\n" +
        $"sender={sender}\n" +
        $"recipient={recipient}\n" +
        "recipient_count=0\n" +
        "queue_id=\n" +
        "instance=1a2b.5f6e7d8c.1\n" +
        "size=0\n" +
        extra +
        "\n";
}
