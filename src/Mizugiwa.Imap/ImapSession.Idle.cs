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
        using var deadline = new Deadline(_options.IdleTimeout, _services.Time, _services.SessionEnd, _services.Stopping);
        Task NextChange() => _selected is null ? Task.Delay(Timeout.Infinite, deadline.Token) : MaildirChanges.Next(_selected.Path);
        // Asked for before the client hears "+ idling", so a change it makes right after (in another session) is not missed.
        var changed = NextChange();
        _output.Line("+ idling");
        await _output.FlushAsync(_services.SessionEnd);
        var done = _input.ReadLineAsync(_options.MaxLineLength, deadline.Token).AsTask();
        while (true)
        {
            var tick = Task.Delay(_options.IdlePollInterval, _services.Time, deadline.Token);
            await Task.WhenAny(done, tick, changed);
            if (done.IsCompleted || deadline.Token.IsCancellationRequested) break;
            // Asked for before looking, so a change made while we look wakes the next round.
            if (changed.IsCompleted) changed = NextChange();
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
