namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>What <see cref="PolicyRequestParser.Parse"/> made of the bytes it was given.</summary>
public enum PolicyParseResult
{
    /// <summary>The request is not complete yet: read more.</summary>
    NeedMore,
    /// <summary>A request ended with its empty line.</summary>
    Complete,
    /// <summary>A line is longer than the limit.</summary>
    LineTooLong,
    /// <summary>More attributes than the limit.</summary>
    TooManyAttributes,
    /// <summary>A line without '=', with an empty name, a repeated name, or an empty request.</summary>
    Malformed,
}
