namespace Mizugiwa.Delivery.Dkim;

/// <summary>A key store request cannot be done (bad domain or selector, unknown key, existing selector); the message says why.</summary>
public sealed class DkimKeyException(string message) : Exception(message);
