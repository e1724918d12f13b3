namespace Mizugiwa.Smtp;

public enum CommandLineFault { None, TooLong, ContainsNul, NotUtf8 }

/// <summary>One command line as read from the client, without its line ending.</summary>
public readonly record struct CommandLine(string Text, CommandLineFault Fault);
