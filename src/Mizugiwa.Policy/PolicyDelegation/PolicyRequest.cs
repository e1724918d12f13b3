namespace Mizugiwa.Policy.PolicyDelegation;

/// <summary>One policy request: the <c>name=value</c> attributes Postfix sent before the empty line.</summary>
public sealed class PolicyRequest(IReadOnlyDictionary<string, string> attributes)
{
    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    /// <summary>The attribute's value, or "" when Postfix did not send it.</summary>
    public string this[string name] => Attributes.TryGetValue(name, out var value) ? value : "";

    public string Request => this["request"];
    public string ProtocolState => this["protocol_state"];
    public string ClientAddress => this["client_address"];
    /// <summary>The verified (forward-confirmed) client name; "unknown" when there is none.</summary>
    public string ClientName => this["client_name"];
    public string HeloName => this["helo_name"];
    public string Sender => this["sender"];
    public string Recipient => this["recipient"];
    public string QueueId => this["queue_id"];
    public string SaslUsername => this["sasl_username"];
}
