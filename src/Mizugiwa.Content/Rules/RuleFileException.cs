namespace Mizugiwa.Content.Rules;

/// <summary>A rule file line that cannot be understood; the message names the file, the line and the problem.</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException(string file, int line, string problem)
        : base($"{file}:{line}: {problem}")
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public RuleFileException() { File = ""; Problem = ""; }

    public RuleFileException(string message) : base(message) { File = ""; Problem = message; }

    public RuleFileException(string message, Exception innerException) : base(message, innerException) { File = ""; Problem = message; }

    public string File { get; }
    public int Line { get; }
    public string Problem { get; }
}
