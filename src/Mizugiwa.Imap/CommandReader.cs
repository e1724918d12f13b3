using System.Text;

namespace Mizugiwa.Imap;

/// <summary>One command as the client sent it: its lines and literals in wire form, so the parser can walk it.</summary>
internal sealed record ImapRequest(byte[] Bytes);

/// <summary>Why a command could not be read whole; the connection stays usable unless <see cref="Fatal"/>.</summary>
internal sealed class CommandRejectedException(string tag, string response, bool fatal) : Exception(response)
{
    public string Tag { get; } = tag;
    public string Response { get; } = response;
    public bool Fatal { get; } = fatal;
}

/// <summary>
/// Reads one whole command: a line, and while the line ends with a literal announcement <c>{n}</c> or
/// <c>{n+}</c> (RFC 7888), the continuation request, the n octets and the next line. Literals are bounded
/// before they are read: APPEND's by the message size limit, everyone else's by a small one. A synchronising
/// literal that is too large is refused before the client sends it. A non-synchronising one is on its way
/// already: its octets and the rest of the command are read and thrown away, then the command is refused, so
/// client and server stay in step; only one too large to be worth reading past
/// (<see cref="LiteralLimits.Skippable"/>) ends the session, as RFC 7888 §4 allows.
/// </summary>
internal sealed class CommandReader(ImapInput input, Func<string, ValueTask> continuation, ImapSessionOptions options, Func<bool> loggedIn)
{
    /// <summary>The next command, or null when the client closed the connection.</summary>
    public async ValueTask<ImapRequest?> ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var limits = LiteralLimits.For(options, loggedIn());
        string tag = "*";
        long literals = 0;
        long discarded = 0;
        string? refusal = null; // once set, the rest of the command is read and thrown away, then refused with it
        bool first = true;
        while (true)
        {
            byte[]? line;
            try { line = await input.ReadLineAsync(options.MaxLineLength, cancellationToken); }
            catch (LineTooLongException e)
            {
                // Past the first line the client is in the middle of a command we can no longer follow.
                throw new CommandRejectedException(first ? TagOf(e.Start) : tag, $"BAD command line too long (the limit is {options.MaxLineLength} octets)", fatal: !first);
            }
            if (line is null) return null;
            if (first)
            {
                tag = TagOf(line);
                first = false;
            }
            if (refusal is null) buffer.Write(line);
            if (!TryLiteralAnnouncement(line, out long size, out bool synchronising))
            {
                if (refusal is not null) throw new CommandRejectedException(tag, refusal, fatal: false);
                return new ImapRequest(buffer.ToArray());
            }
            long limit = IsAppend(buffer) ? limits.Append : limits.Other;
            // A client waiting for "+" takes a tagged response instead as the end of its command.
            if (refusal is not null && synchronising) throw new CommandRejectedException(tag, refusal, fatal: false);
            if (refusal is null && (size > limit || literals + size > limits.Command))
            {
                refusal = size > limit
                    ? $"NO [TOOBIG] literal of {size} octets is over the limit of {limit}"
                    : $"NO [TOOBIG] the command's literals are over the limit of {limits.Command} octets in all";
                if (synchronising) throw new CommandRejectedException(tag, refusal, fatal: false);
            }
            if (refusal is not null)
            {
                discarded += size;
                if (discarded > limits.Skippable)
                    throw new CommandRejectedException(tag, $"BAD [TOOBIG] literal of {size} octets is over the limit of {limit} and too large to skip", fatal: true);
                if (!await input.ReadExactlyAsync(Stream.Null, size, cancellationToken)) return null;
                continue;
            }
            literals += size;
            buffer.Write("\r\n"u8);
            if (synchronising) await continuation("+ Ready for literal data");
            if (!await input.ReadExactlyAsync(buffer, size, cancellationToken)) return null;
        }
    }

    private static string TagOf(byte[] line)
    {
        int space = Array.IndexOf(line, (byte)' ');
        var tag = Encoding.ASCII.GetString(line, 0, space < 0 ? line.Length : space);
        return tag.Length is > 0 and <= 64 && tag.All(c => c > ' ' && c < 127 && c is not ('{' or '(' or ')' or '%' or '*' or '"' or '\\' or '+')) ? tag : "*";
    }

    /// <summary>Only APPEND carries messages; its name is the second word of the first line.</summary>
    private static bool IsAppend(MemoryStream buffer)
    {
        var text = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, (int)Math.Min(buffer.Length, 64));
        var words = text.Split(' ', 3);
        return words.Length > 1 && words[1].Equals("APPEND", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A line ending in <c>{digits}</c> or <c>{digits+}</c>.</summary>
    internal static bool TryLiteralAnnouncement(byte[] line, out long size, out bool synchronising)
    {
        size = 0;
        synchronising = true;
        if (line.Length < 3 || line[^1] != '}') return false;
        int open = Array.LastIndexOf(line, (byte)'{');
        if (open < 0) return false;
        int end = line.Length - 1;
        if (line[end - 1] == '+')
        {
            synchronising = false;
            end--;
        }
        if (end - open - 1 is < 1 or > 12) return false;
        for (int i = open + 1; i < end; i++)
        {
            if (line[i] is < (byte)'0' or > (byte)'9') return false;
            size = size * 10 + (line[i] - '0');
        }
        return true;
    }
}
