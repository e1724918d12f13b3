using System.Globalization;

namespace Mizugiwa.Pop3;

/// <summary>The TRANSACTION state (RFC 1939 §5): STAT, LIST, UIDL, RETR, TOP, DELE, RSET, NOOP.</summary>
internal sealed partial class Pop3Session
{
    private int _retrieved;
    private int _deleted;

    private async ValueTask<Pop3Reply?> TransactionAsync(Pop3Command command)
    {
        var maildrop = _maildrop!;
        var args = command.Arguments;
        switch (command.Keyword)
        {
            case "STAT":
                return args.Length == 0 ? Pop3Reply.Success($"{maildrop.Count} {maildrop.Octets}") : Pop3Reply.Error("STAT takes no argument");
            case "NOOP":
                return args.Length == 0 ? Pop3Reply.Success("") : Pop3Reply.Error("NOOP takes no argument");
            case "RSET":
                if (args.Length != 0) return Pop3Reply.Error("RSET takes no argument");
                maildrop.Reset();
                return Pop3Reply.Success($"maildrop has {maildrop.Count} message(s) ({maildrop.Octets} octets)");
            case "LIST":
                return Listing(command, maildrop, m => m.Octets.ToString(CultureInfo.InvariantCulture), "scan listing");
            case "UIDL":
                return Listing(command, maildrop, m => m.Uid, "unique-id listing");
            case "DELE":
                if (args.Length != 1) return Pop3Reply.Error("DELE takes a message number");
                if (Message(args[0], maildrop, out var error) is not { } deleting) return error;
                deleting.Deleted = true;
                return Pop3Reply.Success($"message {deleting.Number} deleted");
            case "RETR":
                if (args.Length != 1) return Pop3Reply.Error("RETR takes a message number");
                return await SendMessageAsync(args[0], null, maildrop);
            case "TOP":
                if (args.Length != 2) return Pop3Reply.Error("TOP takes a message number and a number of lines");
                if (!int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var lines))
                    return Pop3Reply.Error($"'{Printable(args[1])}' is not a number of lines");
                return await SendMessageAsync(args[0], lines, maildrop);
            default:
                return Pop3Reply.Error($"Unknown command '{Printable(command.Keyword)}'");
        }
    }

    /// <summary>LIST and UIDL: one message's line, or every message not marked deleted as a multi-line reply.</summary>
    private Pop3Reply? Listing(Pop3Command command, Maildrop maildrop, Func<MaildropMessage, string> value, string title)
    {
        if (command.Arguments.Length > 1) return Pop3Reply.Error($"{command.Keyword} takes at most a message number");
        if (command.Arguments.Length == 1)
        {
            return Message(command.Arguments[0], maildrop, out var error) is { } message
                ? Pop3Reply.Success($"{message.Number} {value(message)}")
                : error;
        }
        SendMultiline(Pop3Reply.Success($"{title} follows ({maildrop.Count} message(s))"),
            maildrop.Messages.Where(m => !m.Deleted).Select(m => $"{m.Number} {value(m)}"));
        return null;
    }

    /// <summary>RETR (all of it) and TOP (the header section and <paramref name="bodyLines"/> lines of the body).</summary>
    private async ValueTask<Pop3Reply?> SendMessageAsync(string number, int? bodyLines, Maildrop maildrop)
    {
        if (Message(number, maildrop, out var error) is not { } message) return error;
        var source = maildrop.Open(message);
        if (source is null) return Pop3Reply.Error($"message {message.Number} is no longer in the mailbox");
        await using (source)
        {
            transport.Send(Pop3Reply.Success(bodyLines is null ? $"{message.Octets} octets" : "top of message follows"));
            try
            {
                await Maildrop.CopyAsync(source, transport.Output, bodyLines, transport.FlushAsync, services.SessionEnd);
            }
            catch (IOException e)
            {
                // Half a message has been sent: the only honest end is to close without the terminating dot.
                Pop3Log.MailboxError(services.Logger, sessionId, ClientText, _user ?? "", e.Message);
                throw new Pop3SessionEnd(null, "message could not be read: " + e.Message);
            }
        }
        transport.SendLine(".");
        if (bodyLines is null)
        {
            _retrieved++;
            maildrop.MarkSeen(message);
        }
        return null;
    }

    /// <summary>The message a number names; an error when it is not a number, out of range or marked deleted.</summary>
    private static MaildropMessage? Message(string argument, Maildrop maildrop, out Pop3Reply error)
    {
        error = Pop3Reply.Error($"no such message '{Printable(argument)}'");
        if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return null;
        var message = maildrop.Find(number);
        if (message is null) return null;
        if (message.Deleted)
        {
            error = Pop3Reply.Error($"message {number} already deleted");
            return null;
        }
        return message;
    }
}
