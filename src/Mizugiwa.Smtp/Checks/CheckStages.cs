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
}

/// <summary>The policy of a session without checks: everything continues.</summary>
public sealed class NoPolicy : ISmtpPolicy
{
    public static readonly NoPolicy Instance = new();
    public ValueTask<Verdict> OnConnectAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask<Verdict> OnHeloAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask<Verdict> OnMailAsync(SessionContext session, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
    public ValueTask<Verdict> OnRcptAsync(RcptContext rcpt, CancellationToken cancellationToken) => ValueTask.FromResult(Verdict.Continue);
}
