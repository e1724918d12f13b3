namespace Mizugiwa.Storage.Import;

/// <summary>How a whole import ended. Nothing in the directory changed unless it is <see cref="Applied"/>.</summary>
public enum AccountImportStatus
{
    /// <summary>Some line is bad (<see cref="AccountImportPlan.Errors"/>): nothing can be imported.</summary>
    Invalid,
    /// <summary>A dry run of a good file: the plan says what would be added.</summary>
    Checked,
    /// <summary>Every account of the file was added (<see cref="AccountImportOutcome.Added"/>).</summary>
    Applied,
    /// <summary>A good file the directory refused while adding, e.g. an address taken meanwhile (<see cref="AccountImportOutcome.Failure"/> names it).</summary>
    Refused,
}

/// <summary>The result of <see cref="AccountImporter.RunAsync"/>; callers only word it.</summary>
/// <param name="Plan">Each line's outcome in file order (a file that is no CSV: one error line).</param>
/// <param name="Added">How many accounts were added (only when <see cref="AccountImportStatus.Applied"/>).</param>
/// <param name="Failure">The directory's reason for <see cref="AccountImportStatus.Refused"/>.</param>
public sealed record AccountImportOutcome(AccountImportStatus Status, AccountImportPlan Plan, int Added = 0, string? Failure = null);
