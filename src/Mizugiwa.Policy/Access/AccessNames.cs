namespace Mizugiwa.Policy.Access;

/// <summary>
/// Access-list kinds and actions by name, as the CLI, the JSON API and the admin pages take and show them:
/// the names in any case ("client", "ClientName"), surrounding spaces and a '-' inside ("client-name") allowed.
/// Never a number or a list, which <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/> would also take
/// and which no rule can have.
/// </summary>
public static class AccessNames
{
    public static bool TryParseKind(string text, out AccessKind kind) => TryParse(text, out kind);

    public static bool TryParseAction(string text, out AccessAction action) => TryParse(text, out action);

    /// <summary>The name as shown: "client", "clientname", "allow".</summary>
    public static string Of<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    /// <summary>Every name of the enum, for messages: "client, clientname, sender, recipient".</summary>
    public static string All<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Of));

    private static bool TryParse<T>(string text, out T value) where T : struct, Enum
    {
        var wanted = text.Trim().Replace("-", "", StringComparison.Ordinal);
        var name = Enum.GetNames<T>().FirstOrDefault(n => n.Equals(wanted, StringComparison.OrdinalIgnoreCase));
        value = name is null ? default : Enum.Parse<T>(name);
        return name is not null;
    }
}
