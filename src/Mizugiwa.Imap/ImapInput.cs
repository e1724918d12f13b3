namespace Mizugiwa.Imap;

/// <summary>The client went away, timed out, or the session must end; carries the BYE text to send, if any.</summary>
internal sealed class ImapSessionEndException(string? bye, string reason) : Exception(reason)
{
    public string? Bye { get; } = bye;
}

/// <summary>
/// Buffered reading of lines and counted octets from the connection's stream. A line is bounded:
/// one that grows past the limit is skipped up to its LF and reported as too long, so nothing
/// unbounded is ever held.
/// </summary>
internal sealed class ImapInput(Stream stream)
{
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    public Stream Stream { get; private set; } = stream;

    /// <summary>After STARTTLS: read from the TLS stream; what was buffered in clear text is thrown away (CVE-2011-0411).</summary>
    public void SwitchTo(Stream tls)
    {
        Stream = tls;
        _start = _end = 0;
    }

    /// <summary>The bytes of the next line without CRLF (a bare LF ends it too), null at end of input; <paramref name="tooLong"/> when it was skipped.</summary>
    public async ValueTask<byte[]?> ReadLineAsync(int maxLength, CancellationToken cancellationToken)
    {
        var line = new MemoryStream();
        bool tooLong = false;
        byte[] start = [];
        while (true)
        {
            if (_start == _end && !await FillAsync(cancellationToken)) return null;
            int lf = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int take = (lf < 0 ? _end : lf) - _start;
            if (!tooLong)
            {
                if (line.Length + take > maxLength)
                {
                    tooLong = true;
                    line.Write(_buffer, _start, Math.Min(take, 64));
                    start = line.ToArray()[..(int)Math.Min(line.Length, 64)];
                }
                else line.Write(_buffer, _start, take);
            }
            _start += take;
            if (lf < 0) continue;
            _start++; // the LF
            if (tooLong) throw new LineTooLongException(start);
            var bytes = line.ToArray();
            return bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes;
        }
    }

    /// <summary>Exactly <paramref name="count"/> octets into <paramref name="target"/>; false when the input ended first.</summary>
    public async ValueTask<bool> ReadExactlyAsync(Stream target, long count, CancellationToken cancellationToken)
    {
        while (count > 0)
        {
            if (_start == _end && !await FillAsync(cancellationToken)) return false;
            int take = (int)Math.Min(count, _end - _start);
            await target.WriteAsync(_buffer.AsMemory(_start, take), cancellationToken);
            _start += take;
            count -= take;
        }
        return true;
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        try { _end = await Stream.ReadAsync(_buffer, cancellationToken); }
        catch (IOException e) { throw new ImapSessionEndException(null, "connection lost: " + e.Message); }
        return _end > 0;
    }
}

/// <summary>A command line longer than the limit; the line has been skipped. <see cref="Start"/> holds its first octets (the tag).</summary>
internal sealed class LineTooLongException(byte[] start) : Exception("line too long")
{
    public byte[] Start { get; } = start;
}
