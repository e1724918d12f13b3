namespace Mizugiwa.Delivery.Dkim;

/// <summary>An active key, loaded: signs mail of <paramref name="Domain"/> as d=Domain, s=Selector.</summary>
public sealed record DkimSigningKey(string Domain, string Selector, DkimPrivateKey Key);
