namespace Mizugiwa.Milter;

/// <summary>One message on a milter connection: from MAIL to the end of the body (or an abort).</summary>
internal sealed class MilterTransaction(string sender, MilterMessage message)
{
    /// <summary>The reverse-path without angle brackets; "" is the null sender.</summary>
    public string Sender { get; } = sender;
    public List<string> Recipients { get; } = [];
    public MilterMessage Message { get; } = message;
}
