using Mizugiwa.Core;

namespace Mizugiwa.Storage;

/// <summary>How forward addresses are checked and kept in the accounts.forward column (", "-separated).</summary>
internal static class ForwardColumn
{
    public static IReadOnlyList<string> Split(string? column) =>
        column is null ? [] : column.Split(", ", StringSplitOptions.RemoveEmptyEntries);

    public static string? Join(IReadOnlyList<string> targets) => targets.Count == 0 ? null : string.Join(", ", targets);

    /// <summary>The targets as stored: valid, not the account itself, without repeats; a bad one is a <see cref="DirectoryException"/>.</summary>
    public static IReadOnlyList<string> Check(DirectoryAddress account, IReadOnlyList<string> targets)
    {
        var result = new List<string>();
        foreach (var text in targets)
        {
            if (DirectoryAddress.TryParse(text.Trim()) is not { } target) throw new DirectoryException($"forward address '{text}' is not a valid address");
            if (target.Key == account.Key) throw new DirectoryException($"{account.Text} cannot forward to itself");
            if (!result.Contains(target.Text, StringComparer.OrdinalIgnoreCase)) result.Add(target.Text);
        }
        if (result.Count > Forwarding.MaxTargets)
            throw new DirectoryException($"at most {Forwarding.MaxTargets} forward addresses are allowed, not {result.Count}");
        return result;
    }
}
