namespace Mizugiwa.Cli;

/// <summary>Input read by a command (such as a password) cannot be used: exit code 65.</summary>
internal sealed class InputException(string message) : Exception(message);
