namespace Mizugiwa.Storage.Import;

/// <summary>The outcome of one line: what would be done, or the problems that stop the import.</summary>
public sealed record AccountImportLine(int Line, string Text, bool IsError)
{
    public override string ToString() => IsError ? $"line {Line}: ERROR {Text}" : $"line {Line}: {Text}";
}
