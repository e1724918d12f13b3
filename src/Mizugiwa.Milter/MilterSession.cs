using Mizugiwa.Milter.Protocol;

namespace Mizugiwa.Milter;

/// <summary>What the connection does after a command: send a reply (or none), judge the message, or close.</summary>
internal readonly record struct MilterStep(MilterPacket? Reply, bool EndOfMessage = false, bool Quit = false)
{
    public static MilterStep Silent { get; } = new(null);
}

/// <summary>
/// The state of one milter connection, command by command, with no I/O: negotiation first, then per SMTP
/// connection the client (connect, HELO, macros) and per message the envelope, headers and body. Replies
/// are given only to the commands the negotiation did not exempt. Anything out of place is a
/// <see cref="MilterProtocolException"/>.
/// </summary>
internal sealed class MilterSession(long maxMessageSize)
{
    public bool Negotiated { get; private set; }
    public MilterSteps Agreed { get; private set; }
    /// <summary>What we may do to messages, as negotiated.</summary>
    public MilterActions Actions { get; private set; }
    public MilterConnectInfo? Client { get; private set; }
    public string? Helo { get; private set; }
    public MilterMacros Macros { get; } = new();
    public MilterTransaction? Transaction { get; private set; }
    /// <summary>Messages judged on this connection, for the log ids.</summary>
    public int Messages { get; private set; }

    public MilterStep Handle(MilterPacket packet)
    {
        if (!Negotiated && packet.Command != MilterCommand.Negotiate)
            throw new MilterProtocolException($"command {MilterCommand.Name(packet.Command)} before the option negotiation");
        switch (packet.Command)
        {
            case MilterCommand.Negotiate:
                if (Negotiated) throw new MilterProtocolException("a second option negotiation");
                var (reply, actions, agreed) = MilterNegotiation.Answer(packet.Data);
                (Negotiated, Actions, Agreed) = (true, actions, agreed);
                return new MilterStep(reply);
            case MilterCommand.Macro:
                var (stage, macros) = MilterFields.Macros(packet.Data);
                Macros.Define(stage, macros);
                return MilterStep.Silent;
            case MilterCommand.Connect:
                // Its macros came just before it; those of an earlier SMTP connection go.
                StartConnection();
                Macros.ForgetAllBut(MilterCommand.Connect);
                Client = MilterFields.Connect(packet.Data);
                return Answer(MilterSteps.NoReplyToConnect);
            case MilterCommand.Helo:
                Helo = First(packet, "HELO");
                return Answer(MilterSteps.NoReplyToHelo);
            case MilterCommand.Mail:
                Transaction = new MilterTransaction(Unbracketed(First(packet, "MAIL")),
                    new MilterMessage(maxMessageSize, Agreed.HasFlag(MilterSteps.HeaderLeadingSpace)));
                return Answer(MilterSteps.NoReplyToMail);
            case MilterCommand.Recipient:
                InTransaction("RCPT").Recipients.Add(Unbracketed(First(packet, "RCPT")));
                return Answer(MilterSteps.NoReplyToRecipient);
            case MilterCommand.Data:
                InTransaction("DATA");
                return Answer(MilterSteps.NoReplyToData);
            case MilterCommand.Header:
                var field = MilterFields.Strings(packet.Data, "header");
                if (field.Count != 2 || field[0].Length == 0) throw new MilterProtocolException("header: a name and a value expected");
                InTransaction("header").Message.AddHeader(field[0], field[1]);
                return Answer(MilterSteps.NoReplyToHeaders);
            case MilterCommand.EndOfHeaders:
                InTransaction("end of headers");
                return Answer(MilterSteps.NoReplyToEndOfHeaders);
            case MilterCommand.Body:
                InTransaction("body").Message.AddBody(packet.Data);
                return Answer(MilterSteps.NoReplyToBody);
            case MilterCommand.EndOfBody:
                // Sendmail may send the last chunk with the end of the body; Postfix sends it as a body chunk before.
                InTransaction("end of body").Message.AddBody(packet.Data);
                return new MilterStep(null, EndOfMessage: true);
            case MilterCommand.Abort:
                EndMessage(judged: false);
                return MilterStep.Silent;
            case MilterCommand.QuitNewConnection:
                StartConnection();
                Macros.ForgetAllBut(null);
                return MilterStep.Silent;
            case MilterCommand.Quit:
                return new MilterStep(null, Quit: true);
            case MilterCommand.Unknown:
                return Answer(MilterSteps.NoReplyToUnknown);
            default:
                throw new MilterProtocolException($"unknown command {MilterCommand.Name(packet.Command)}");
        }
    }

    /// <summary>
    /// After the end of the body was answered, or an abort: the next message starts afresh on the same
    /// connection. Its macros are forgotten now, not at MAIL, because the MTA sends MAIL's macros before MAIL.
    /// </summary>
    public void EndMessage(bool judged)
    {
        if (judged) Messages++;
        Transaction = null;
        Macros.ForgetMessage();
    }

    private void StartConnection()
    {
        Transaction = null;
        Client = null;
        Helo = null;
    }

    private MilterStep Answer(MilterSteps noReply) => Agreed.HasFlag(noReply) ? MilterStep.Silent : new MilterStep(MilterReply.Continue);

    private MilterTransaction InTransaction(string what) =>
        Transaction ?? throw new MilterProtocolException($"{what} outside a message (no MAIL before it)");

    private static string First(MilterPacket packet, string what)
    {
        var strings = MilterFields.Strings(packet.Data, what);
        return strings.Count > 0 ? MilterFields.Text(strings[0]) : throw new MilterProtocolException($"{what} without an argument");
    }

    private static string Unbracketed(string path) =>
        path.Length >= 2 && path[0] == '<' && path[^1] == '>' ? path[1..^1] : path;
}
