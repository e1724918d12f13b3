namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>The client broke the protocol (bad input, too slow): the connection is closed.</summary>
public sealed class PolicyProtocolException(string message) : Exception(message);
