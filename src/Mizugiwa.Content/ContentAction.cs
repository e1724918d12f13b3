namespace Mizugiwa.Content;

/// <summary>What the score (or a forcing symbol) says should happen to a message, mildest first.</summary>
public enum ContentAction
{
    /// <summary>Nothing to say: deliver as is.</summary>
    None = 0,
    /// <summary>Spam: label it (and quarantine or reject it for recipients who chose that).</summary>
    Spam = 1,
    /// <summary>Refuse the message for every recipient whatever they chose (e.g. a virus, a blocked attachment with action reject).</summary>
    Reject = 2,
}
