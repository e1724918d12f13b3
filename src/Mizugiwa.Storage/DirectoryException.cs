namespace Mizugiwa.Storage;

/// <summary>A directory change or lookup that cannot be done; the message names the item and the problem.</summary>
public sealed class DirectoryException(string message) : Exception(message);
