namespace Mizugiwa.Storage;

/// <summary>A store (PostgreSQL, Redis) that cannot be reached or used now; the message names which one and why, never a password.</summary>
public sealed class StoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);
