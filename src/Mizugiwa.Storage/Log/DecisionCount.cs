namespace Mizugiwa.Storage;

/// <summary>How many log rows of one kind fell in one hour: for the dashboard's charts.</summary>
/// <param name="Hour">The start of the hour (UTC).</param>
/// <param name="ReplyClass">The first digit of the reply ('2', '4', '5'; for deliveries the enhanced status class).</param>
/// <param name="Spam">The content level called the message spam (its summary says action=spam).</param>
public sealed record DecisionCount(DateTimeOffset Hour, string Stage, char ReplyClass, string? Check, bool Spam, long Count);
