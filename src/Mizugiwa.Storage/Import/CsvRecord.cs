namespace Mizugiwa.Storage.Import;

/// <summary>One CSV record: the line it starts on (1-based, counting newlines inside quoted fields) and its fields.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);
