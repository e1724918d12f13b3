using Mizugiwa.Mailbox;

namespace Mizugiwa.Imap;

/// <summary>
/// IDLE (RFC 2177): after the continuation the session looks at the selected folder when this process puts
/// a message into it (<see cref="MaildirChanges"/>) and every IdlePollInterval (for other processes' changes
/// and removals), and reports changes at once, until the client sends DONE. The autologout timer runs on.
/// </summary>
internal sealed partial class ImapSession
{
    private async Task<string> IdleAsync(string tag, ImapParser parser)
    {
        parser.End();
        _output.Line("+ idling");
        await _output.FlushAsync(_services.SessionEnd);
        using var deadline = new Deadline(_options.IdleTimeout, _services.Time, _services.SessionEnd, _services.Stopping);
        var done = _input.ReadLineAsync(_options.MaxLineLength, deadline.Token).AsTask();
        while (true)
        {
            // Asked for before looking, so a message that arrives while we look wakes the next round.
            var arrived = _selected is null ? Task.Delay(Timeout.Infinite, deadline.Token) : MaildirChanges.Next(_selected.Path);
            var tick = Task.Delay(_options.IdlePollInterval, _services.Time, deadline.Token);
            await Task.WhenAny(done, tick, arrived);
            if (done.IsCompleted || deadline.Token.IsCancellationRequested) break;
            if (_selected is null) continue;
            ReportChanges();
            await _output.FlushAsync(_services.SessionEnd);
        }
        byte[]? line;
        try { line = await done; }
        catch (OperationCanceledException) when (deadline.TimedOut) { throw new ImapSessionEndException("Autologout; idle for too long", "timeout"); }
        catch (LineTooLongException) { return "BAD expected DONE"; }
        if (line is null) throw new ImapSessionEndException(null, "client closed the connection in IDLE");
        return System.Text.Encoding.ASCII.GetString(line).Equals("DONE", StringComparison.OrdinalIgnoreCase) ? "OK IDLE terminated" : "BAD expected DONE";
    }
}
