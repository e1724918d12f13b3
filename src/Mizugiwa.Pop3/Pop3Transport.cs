using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Mizugiwa.Smtp;

namespace Mizugiwa.Pop3;

/// <summary>Ends a session: the client left, a wait ran out, or the server stops; carries the last reply to send, if any.</summary>
internal sealed class Pop3SessionEnd(Pop3Reply? finalReply, string reason) : Exception(reason)
{
    public Pop3Reply? FinalReply { get; } = finalReply;
}

/// <summary>
/// A POP3 session's <see cref="LineTransport"/> (shared with SMTP): replies are <see cref="Pop3Reply"/> and
/// lines of a multi-line answer; a timeout and a shutdown end the session with their -ERR.
/// </summary>
internal sealed class Pop3Transport(IDuplexPipe connection, TimeProvider time, CancellationToken sessionEnd) : LineTransport(connection, time, sessionEnd)
{
    public void Send(Pop3Reply reply) => Output.Write(reply.ToWire());

    public void SendLine(string line) => Output.Write(Encoding.UTF8.GetBytes(line + "\r\n"));

    protected override Exception TimedOut() => new Pop3SessionEnd(Pop3Replies.Timeout, "idle timeout");

    protected override Exception ShuttingDown() => new Pop3SessionEnd(Pop3Replies.ShuttingDown, "shutdown");

    protected override Exception Ended(string reason) => new Pop3SessionEnd(null, reason);
}
