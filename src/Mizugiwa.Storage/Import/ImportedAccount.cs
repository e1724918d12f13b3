using Mizugiwa.Core;
using Mizugiwa.Storage.Passwords;

namespace Mizugiwa.Storage.Import;

/// <summary>
/// One valid line of an import: the account to add with either a plain <see cref="Password"/> (hashed when
/// applied) or a <see cref="PasswordHash"/> in its stored form (<see cref="Scheme"/>).
/// </summary>
public sealed record ImportedAccount(
    int Line,
    string Address,
    string? Password,
    string? PasswordHash,
    PasswordHashScheme? Scheme,
    string? DisplayName,
    IReadOnlyList<string> Forward,
    FilterMode? FilterMode)
{
    /// <summary>What the import does with this line, as the dry run prints it.</summary>
    public string Describe()
    {
        var text = $"add {Address} ({(Scheme is { } s ? "hash " + StoredPasswordHash.Name(s) : "password")})";
        if (DisplayName is not null) text += $" name \"{DisplayName}\"";
        if (Forward.Count > 0) text += $" forward {string.Join(", ", Forward)}";
        if (FilterMode is { } mode) text += $" filter {FilterModes.Name(mode)}";
        return text;
    }
}
