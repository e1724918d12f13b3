namespace Mizugiwa.Smtp.Checks;

/// <summary>A check: a name for logs and config, and a limit on how long it may take.</summary>
public interface ICheck
{
    string Name { get; }
}

public interface IConnectCheck : ICheck
{
    ValueTask<Verdict> CheckConnectAsync(SessionContext session, CancellationToken cancellationToken);
}

public interface IHeloCheck : ICheck
{
    ValueTask<Verdict> CheckHeloAsync(SessionContext session, CancellationToken cancellationToken);
}

public interface IMailCheck : ICheck
{
    ValueTask<Verdict> CheckMailAsync(SessionContext session, CancellationToken cancellationToken);
}

public interface IRcptCheck : ICheck
{
    ValueTask<Verdict> CheckRcptAsync(RcptContext rcpt, CancellationToken cancellationToken);
}

/// <summary>What the session asks at each stage; the answer is the verdict to apply now.</summary>
public interface ISmtpPolicy
{
    ValueTask<Verdict> OnConnectAsync(SessionContext session, CancellationToken cancellationToken);
    ValueTask<Verdict> OnHeloAsync(SessionContext session, CancellationToken cancellationToken);
    ValueTask<Verdict> OnMailAsync(SessionContext session, CancellationToken cancellationToken);
    ValueTask<Verdict> OnRcptAsync(RcptContext rcpt, CancellationToken cancellationToken);
    /// <summary>A transaction that got at least MAIL ended (after DATA, RSET, a new HELO, QUIT or a lost connection).</summary>
    ValueTask OnTransactionEndAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken);
    /// <summary>The connection is closed; called once per session whose connect was checked.</summary>
    ValueTask OnSessionEndAsync(SessionContext session, CancellationToken cancellationToken);
}

/// <summary>The policy of a session without checks: everything continues.</summary>
public sealed class NoPolicy : ISmtpPolicy
{
    public static readonly NoPolicy Instance = new();
    public ValueTask<Verdict> OnConnectAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask<Verdict> OnHeloAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask<Verdict> OnMailAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask<Verdict> OnRcptAsync(RcptContext rcpt, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask OnTransactionEndAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    public ValueTask OnSessionEndAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

/// <summary>How a mail transaction ended, for checks that count behaviour (harvest guard, flow control).</summary>
/// <param name="DataReceived">Whether the client got as far as sending content (DATA or BDAT).</param>
public sealed record TransactionSummary(int AcceptedRecipients, int UnknownRecipients, int RefusedRecipients, bool DataReceived);

/// <summary>A check that wants to know when transactions and sessions end.</summary>
public interface ISessionObserver : ICheck
{
    ValueTask TransactionEndedAsync(SessionContext session, TransactionSummary summary, CancellationToken cancellationToken);
    ValueTask SessionEndedAsync(SessionContext session, CancellationToken cancellationToken);
}
