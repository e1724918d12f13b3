namespace Mizugiwa.Cli;

/// <summary>The command line is wrong: reported with the subcommand's usage, exit code 64.</summary>
internal sealed class UsageException(string message) : Exception(message);
