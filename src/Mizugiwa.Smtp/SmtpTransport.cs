using System.Buffers;
using System.IO.Pipelines;

namespace Mizugiwa.Smtp;

/// <summary>Signals that the client went away or the session must end; carries the reply to send, if any.</summary>
internal sealed class SessionEndException(SmtpReply? finalReply, string reason) : Exception(reason)
{
    public SmtpReply? FinalReply { get; } = finalReply;
}

/// <summary>An SMTP session's <see cref="LineTransport"/>: replies are <see cref="SmtpReply"/>, a timeout says 421 4.4.2, a shutdown 421 4.3.2.</summary>
internal sealed class SmtpTransport(IDuplexPipe connection, TimeProvider time, CancellationToken sessionEnd) : LineTransport(connection, time, sessionEnd)
{
    public void Send(SmtpReply reply) => Output.Write(reply.ToWire());

    protected override Exception TimedOut() => new SessionEndException(Replies.Timeout, "timeout");

    protected override Exception ShuttingDown() => new SessionEndException(Replies.ShuttingDown, "shutdown");

    protected override Exception Ended(string reason) => new SessionEndException(null, reason);
}
