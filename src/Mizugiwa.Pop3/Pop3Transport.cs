using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace Mizugiwa.Pop3;

/// <summary>Ends a session: the client left, a wait ran out, or the server stops; carries the last reply to send, if any.</summary>
internal sealed class Pop3SessionEnd(Pop3Reply? finalReply, string reason) : Exception(reason)
{
    public Pop3Reply? FinalReply { get; } = finalReply;
}

/// <summary>One command line without its line ending, or why it cannot be used.</summary>
internal readonly record struct Pop3Line(string Text, bool TooLong, bool Unreadable);

/// <summary>
/// The byte side of a POP3 session: command lines in, replies out, timeouts, and the switch to TLS.
/// Replies are buffered and flushed only when the session would wait for input, so pipelined commands
/// (RFC 2449 PIPELINING) get their replies in one write.
/// </summary>
internal sealed class Pop3Transport(IDuplexPipe connection, TimeProvider time, CancellationToken sessionEnd) : IAsyncDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private readonly CancellationTokenSource _deadline = new(Timeout.InfiniteTimeSpan, time);
    private CancellationTokenSource? _deadlineOrEnd;
    private CancellationToken WaitToken => (_deadlineOrEnd ??= CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, sessionEnd)).Token;

    private PipeReader _input = connection.Input;
    private PipeWriter _output = connection.Output;
    private SslStream? _tls;
    private long _scanned;

    public SslStream? Tls => _tls;

    /// <summary>Where multi-line replies (a message) are written; flush every so often with <see cref="FlushAsync"/>.</summary>
    public PipeWriter Output => _output;

    public void Send(Pop3Reply reply) => _output.Write(reply.ToWire());

    public void SendLine(string line) => _output.Write(Encoding.UTF8.GetBytes(line + "\r\n"));

    public async ValueTask FlushAsync()
    {
        FlushResult result;
        try { result = await _output.FlushAsync(sessionEnd); }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            throw new Pop3SessionEnd(null, "connection lost while sending");
        }
        if (result.IsCompleted) throw new Pop3SessionEnd(null, "client closed the connection");
    }

    /// <summary>The next command line, or null when the client closed the connection.</summary>
    public async ValueTask<Pop3Line?> ReadLineAsync(int maxLength, TimeSpan timeout)
    {
        bool tooLong = false;
        while (true)
        {
            var result = await ReadAsync(timeout);
            var buffer = result.Buffer;
            var lf = buffer.Slice(Math.Min(_scanned, buffer.Length)).PositionOf((byte)'\n');
            if (lf is not null)
            {
                var line = buffer.Slice(0, lf.Value);
                var parsed = tooLong || line.Length + 1 > maxLength ? new Pop3Line("", true, false) : Decode(line);
                _input.AdvanceTo(buffer.GetPosition(1, lf.Value));
                _scanned = 0;
                return parsed;
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return null;
            }
            if (buffer.Length >= maxLength)
            {
                // Over the limit before the line ended: drop it and skip to the next LF.
                tooLong = true;
                _input.AdvanceTo(buffer.End);
                _scanned = 0;
                continue;
            }
            _scanned = buffer.Length;
            _input.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static Pop3Line Decode(ReadOnlySequence<byte> line)
    {
        if (line.Length > 0 && line.Slice(line.Length - 1).FirstSpan[0] == (byte)'\r') line = line.Slice(0, line.Length - 1);
        if (line.PositionOf((byte)0) is not null) return new Pop3Line("", false, true);
        try { return new Pop3Line(StrictUtf8.GetString(line), false, false); }
        catch (DecoderFallbackException) { return new Pop3Line("", false, true); }
    }

    private async ValueTask<ReadResult> ReadAsync(TimeSpan timeout)
    {
        await FlushAsync();
        _deadline.CancelAfter(timeout);
        try
        {
            return await _input.ReadAsync(WaitToken);
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            throw new Pop3SessionEnd(Pop3Replies.Timeout, "idle timeout");
        }
        catch (OperationCanceledException) when (sessionEnd.IsCancellationRequested)
        {
            throw new Pop3SessionEnd(Pop3Replies.ShuttingDown, "shutdown");
        }
        catch (IOException e)
        {
            throw new Pop3SessionEnd(null, "connection lost: " + e.Message);
        }
        finally
        {
            _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// RFC 2595 STLS. Whatever the client sent after STLS and before the handshake came in clear text and
    /// could have been injected by someone in the middle (as CVE-2011-0411 for SMTP): it is thrown away.
    /// </summary>
    public async ValueTask StartTlsAsync(SslServerAuthenticationOptions options, TimeSpan timeout)
    {
        await FlushAsync();
        if (_input.TryRead(out var pending)) _input.AdvanceTo(pending.Buffer.End);
        await HandshakeAsync(options, timeout);
    }

    /// <summary>RFC 8314 implicit TLS: the handshake opens the connection, before the greeting.</summary>
    public ValueTask StartImplicitTlsAsync(SslServerAuthenticationOptions options, TimeSpan timeout) => HandshakeAsync(options, timeout);

    private async ValueTask HandshakeAsync(SslServerAuthenticationOptions options, TimeSpan timeout)
    {
        _scanned = 0;
        var tls = new SslStream(new Mizugiwa.Smtp.DuplexPipeStream(_input, _output), leaveInnerStreamOpen: false);
        _deadline.CancelAfter(timeout);
        try
        {
            await tls.AuthenticateAsServerAsync(options, WaitToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync();
            throw new Pop3SessionEnd(null, $"TLS handshake failed: {e.Message}");
        }
        finally
        {
            _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        _tls = tls;
        _input = PipeReader.Create(tls, new StreamPipeReaderOptions(leaveOpen: true));
        _output = PipeWriter.Create(tls, new StreamPipeWriterOptions(leaveOpen: true));
    }

    public async ValueTask DisposeAsync()
    {
        _deadlineOrEnd?.Dispose();
        _deadline.Dispose();
        if (_tls is not null)
        {
            await _input.CompleteAsync();
            await _output.CompleteAsync();
            await _tls.DisposeAsync();
        }
    }
}
