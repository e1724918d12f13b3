namespace Mizugiwa.Milter.Protocol;

/// <summary>
/// Our side of SMFIC_OPTNEG. We need protocol version 6 and the actions to add and change headers (the label
/// is added, forged labels deleted); replacing the body (attachments stripped) we take when offered. Of the steps we take what the MTA offers of: no replies to connect, HELO,
/// MAIL, RCPT, DATA, unknown commands, each header, end of headers and body chunks (we decide only at the end
/// of the body, so the MTA need not wait for us before); no DATA and no unknown commands at all; and header
/// values with their leading space, so the message is rebuilt byte for byte (DKIM's simple canonicalization).
/// </summary>
internal static class MilterNegotiation
{
    public const uint Version = 6;
    public const MilterActions RequiredActions = MilterActions.AddHeaders | MilterActions.ChangeHeaders;
    public const MilterActions OptionalActions = MilterActions.ChangeBody;

    public const MilterSteps WantedSteps =
        MilterSteps.NoReplyToConnect | MilterSteps.NoReplyToHelo | MilterSteps.NoReplyToMail | MilterSteps.NoReplyToRecipient
        | MilterSteps.NoReplyToData | MilterSteps.NoReplyToUnknown | MilterSteps.NoReplyToHeaders | MilterSteps.NoReplyToEndOfHeaders
        | MilterSteps.NoReplyToBody | MilterSteps.NoData | MilterSteps.NoUnknown | MilterSteps.HeaderLeadingSpace;

    /// <summary>Our reply and the actions and steps both sides agreed on; a peer we cannot work with is refused with the reason.</summary>
    public static (MilterPacket Reply, MilterActions Actions, MilterSteps Agreed) Answer(ReadOnlySpan<byte> data)
    {
        var (version, actions, steps) = MilterFields.Negotiation(data);
        if (version < Version)
            throw new MilterProtocolException($"the MTA speaks milter protocol version {version}, 6 is needed (Postfix: milter_protocol = 6)");
        if ((actions & RequiredActions) != RequiredActions)
            throw new MilterProtocolException($"the MTA allows actions 0x{(uint)actions:X}, adding and changing headers (0x{(uint)RequiredActions:X}) are needed");
        var agreed = steps & WantedSteps;
        var ours = RequiredActions | (actions & OptionalActions);
        return (MilterReply.Negotiate(Version, ours, agreed), ours, agreed);
    }
}
