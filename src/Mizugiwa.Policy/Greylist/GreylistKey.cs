using Mizugiwa.Core;
using System.Net;

namespace Mizugiwa.Policy.Greylist;

/// <summary>
/// The greylisting triplet: the client (its network, or its PTR's pool domain), the normalised sender
/// and the recipient.
/// </summary>
public sealed record GreylistKey(string Client, string Sender, string Recipient)
{
    /// <summary>The triplet keyed by the client's network (/24 for IPv4, /64 for IPv6).</summary>
    public static GreylistKey From(IPAddress client, string sender, string recipient) =>
        new(ClientAddress.NetworkOf(client), GreylistAddress.NormaliseSender(sender), GreylistAddress.NormaliseRecipient(recipient));

    /// <summary>
    /// The triplet keyed by <see cref="ClientOf"/>: the pool domain of <paramref name="clientName"/> when
    /// there is one, else the client's network.
    /// </summary>
    public static GreylistKey From(IPAddress client, string? clientName, string sender, string recipient) =>
        new(ClientOf(client, clientName), GreylistAddress.NormaliseSender(sender), GreylistAddress.NormaliseRecipient(recipient));

    /// <summary>
    /// Who the client is for greylisting: the organisational domain of its forward-confirmed PTR name
    /// (out9.mail.bigsender.example → bigsender.example; a.b.example.co.jp → example.co.jp), or its
    /// network when the name is null, "unknown" or not a host name.
    /// </summary>
    public static string ClientOf(IPAddress client, string? clientName) =>
        PoolDomain.Of(clientName) ?? ClientAddress.NetworkOf(client);

    public override string ToString() => $"{Client} {Sender} {Recipient}";
}
