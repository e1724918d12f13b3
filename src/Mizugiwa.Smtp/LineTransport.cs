using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Text;

namespace Mizugiwa.Smtp;

/// <summary>
/// The byte side of a line-based session (SMTP, POP3): reads command lines and data from a <see cref="PipeReader"/>,
/// writes replies, applies timeouts, and switches to TLS. Replies are buffered and flushed only when the session
/// would otherwise wait for input, which is what pipelining (RFC 2920, RFC 2449) asks for. How a session ends
/// (which last reply, if any) is the protocol's: <see cref="TimedOut"/>, <see cref="ShuttingDown"/>, <see cref="Ended"/>.
/// </summary>
public abstract class LineTransport(IDuplexPipe connection, TimeProvider time, CancellationToken sessionEnd) : IAsyncDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    // One deadline per session, armed for each wait and disarmed after it, instead of two new
    // cancellation sources per read. A wait that runs out ends the session, so it never needs a reset.
    private readonly CancellationTokenSource _deadline = new(Timeout.InfiniteTimeSpan, time);
    private CancellationTokenSource? _deadlineOrEnd;
    private CancellationToken WaitToken => (_deadlineOrEnd ??= CancellationTokenSource.CreateLinkedTokenSource(_deadline.Token, sessionEnd)).Token;

    private PipeReader _input = connection.Input;
    private PipeWriter _output = connection.Output;
    private SslStream? _tls;
    private long _scanned;
    // Pipe.TryRead returns unconsumed data even when it was all examined; then we must wait for more.
    private bool _waitForMore;

    public SslStream? Tls => _tls;

    /// <summary>Where replies are written; they go out at the next <see cref="FlushAsync"/>, or before the next wait for input.</summary>
    public PipeWriter Output => _output;

    /// <summary>The session ends: a wait for the client ran out.</summary>
    protected abstract Exception TimedOut();

    /// <summary>The session ends: the server stops.</summary>
    protected abstract Exception ShuttingDown();

    /// <summary>The session ends without a last reply (the client left, the TLS handshake failed).</summary>
    protected abstract Exception Ended(string reason);

    public async ValueTask FlushAsync()
    {
        var result = await _output.FlushAsync(sessionEnd);
        if (result.IsCompleted) throw Ended("client closed the connection");
    }

    /// <summary>Returns the next command line, or null when the client closed the connection.</summary>
    public async ValueTask<CommandLine?> ReadCommandLineAsync(int maxLength, TimeSpan timeout)
    {
        bool tooLong = false;
        while (true)
        {
            var result = await ReadAsync(timeout);
            var buffer = result.Buffer;
            var unscanned = buffer.Slice(Math.Min(_scanned, buffer.Length));
            var lf = unscanned.PositionOf((byte)'\n');
            if (lf is not null)
            {
                var line = buffer.Slice(0, lf.Value);
                var command = tooLong || line.Length + 1 > maxLength ? new CommandLine("", CommandLineFault.TooLong) : Decode(line);
                _input.AdvanceTo(buffer.GetPosition(1, lf.Value));
                _scanned = 0;
                return command;
            }
            if (result.IsCompleted)
            {
                _input.AdvanceTo(buffer.End);
                return null;
            }
            if (buffer.Length >= maxLength)
            {
                // Over the limit before the line even ended: drop what we have and skip to the next LF.
                tooLong = true;
                _input.AdvanceTo(buffer.End);
                _scanned = 0;
                continue;
            }
            _scanned = buffer.Length;
            AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static CommandLine Decode(ReadOnlySequence<byte> line)
    {
        // A CR before the LF belongs to the line ending; a bare LF ending is tolerated for commands.
        if (line.Length > 0 && SequenceBytes.Last(line) == (byte)'\r') line = line.Slice(0, line.Length - 1);
        if (line.PositionOf((byte)0) is not null) return new CommandLine("", CommandLineFault.ContainsNul);
        try { return new CommandLine(StrictUtf8.GetString(line), CommandLineFault.None); }
        catch (DecoderFallbackException) { return new CommandLine("", CommandLineFault.NotUtf8); }
    }

    /// <summary>Reads whatever input is available, flushing pending replies first if we must wait.</summary>
    public async ValueTask<ReadResult> ReadAsync(TimeSpan timeout)
    {
        if (!_waitForMore && _input.TryRead(out var ready)) return ready;
        _waitForMore = false;
        await FlushAsync();
        _deadline.CancelAfter(timeout);
        try
        {
            return await _input.ReadAsync(WaitToken);
        }
        catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
        {
            throw TimedOut();
        }
        catch (OperationCanceledException) when (sessionEnd.IsCancellationRequested)
        {
            throw ShuttingDown();
        }
        finally
        {
            _deadline.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }

    public void AdvanceTo(SequencePosition consumed, SequencePosition examined)
    {
        _input.AdvanceTo(consumed, examined);
        _waitForMore = true;
    }

    public void AdvanceTo(SequencePosition consumed) => _input.AdvanceTo(consumed);

    /// <summary>
    /// RFC 3207 upgrade. Anything the client sent after STARTTLS and before the handshake was
    /// injected in clear text (CVE-2011-0411) and is thrown away.
    /// </summary>
    public async ValueTask StartTlsAsync(SslServerAuthenticationOptions options, TimeSpan timeout)
    {
        await FlushAsync();
        if (_input.TryRead(out var pending)) _input.AdvanceTo(pending.Buffer.End);
        await HandshakeAsync(options, timeout);
    }

    /// <summary>
    /// RFC 8314 implicit TLS: the handshake starts the connection, before the greeting. Nothing has
    /// been read yet, so the client's first bytes (its ClientHello) are kept.
    /// </summary>
    public ValueTask StartImplicitTlsAsync(SslServerAuthenticationOptions options, TimeSpan timeout) => HandshakeAsync(options, timeout);

    private async ValueTask HandshakeAsync(SslServerAuthenticationOptions options, TimeSpan timeout)
    {
        _scanned = 0;
        _waitForMore = false;
        var stream = new DuplexPipeStream(_input, _output);
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        _deadline.CancelAfter(timeout);
        try
        {
            await tls.AuthenticateAsServerAsync(options, WaitToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            await tls.DisposeAsync();
            throw Ended($"TLS handshake failed: {e.Message}");
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
