namespace Mizugiwa.Storage.Import;

/// <summary>A CSV file that cannot be read from <see cref="Line"/> on.</summary>
public sealed class CsvFormatException(int line, string problem) : Exception($"line {line}: {problem}")
{
    public int Line { get; } = line;

    public string Problem { get; } = problem;
}
