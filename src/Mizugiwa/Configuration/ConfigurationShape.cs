using Microsoft.Extensions.Configuration;

namespace Mizugiwa.Configuration;

/// <summary>
/// The configuration's keys and values held against the options classes before binding: keys no option
/// has, and values that are not of their option's type, each named by its full path (e.g. "Mx:Port").
/// </summary>
internal static class ConfigurationShape
{
    /// <summary>Keys that match no option, named by their full path (e.g. "Mx:Prot"), so a typo is never silently ignored.</summary>
    public static IEnumerable<string> UnknownKeys(IConfiguration root, Type type) =>
        Leaves(root, type, "").Where(leaf => leaf.Type is null).Select(leaf => leaf.Path);

    /// <summary>
    /// Values that are not of their option's type (a word for a number, a number too large), named by key;
    /// the binder's own message names only the type. A non-finite number (NaN, Infinity) is refused too:
    /// no score, weight or duration means anything with it.
    /// </summary>
    public static IEnumerable<string> BadValues(IConfiguration root, Type type) =>
        from leaf in Leaves(root, type, "")
        where leaf.Type is not null
        let expected = BadValue(leaf.Value, leaf.Type)
        where expected is not null
        select $"{leaf.Path} '{leaf.Value}' is not {expected}";

    /// <summary>
    /// Every value the configuration gives, with the type of the option it sets, or no type for a key that
    /// matches no settable option. Lists of objects are walked item by item, a dictionary gives its entries;
    /// lists of plain values are not walked (any item is a value of the list's kind).
    /// </summary>
    private static IEnumerable<(string Path, string? Value, Type? Type)> Leaves(IConfiguration section, Type type, string prefix)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            var path = prefix + child.Key;
            if (property is not { CanWrite: true })
            {
                yield return (path, child.Value, null);
                continue;
            }
            var propertyType = property.PropertyType;
            if (ListElementType(propertyType) is { } element)
            {
                if (element.IsClass && element != typeof(string))
                    foreach (var item in child.GetChildren())
                        foreach (var nested in Leaves(item, element, $"{path}:{item.Key}:")) yield return nested;
            }
            else if (IsDictionary(propertyType))
            {
                var valueType = propertyType.GetGenericArguments()[1];
                foreach (var entry in child.GetChildren()) yield return ($"{path}:{entry.Key}", entry.Value, valueType);
            }
            else if (propertyType.IsClass && propertyType != typeof(string))
                foreach (var nested in Leaves(child, propertyType, path + ":")) yield return nested;
            else
                yield return (path, child.Value, propertyType);
        }
    }

    /// <summary>What <paramref name="value"/> should have been when it is not a <paramref name="type"/>; null when it is (or is empty, which the binder skips).</summary>
    private static string? BadValue(string? value, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (string.IsNullOrEmpty(value) || !(type == typeof(int) || type == typeof(long) || type == typeof(double) || type == typeof(bool))) return null;
        object? converted;
        try { converted = System.ComponentModel.TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value); }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException) { converted = null; }
        return converted switch
        {
            double number when double.IsFinite(number) => null,
            double or null when type == typeof(double) => "a finite number (e.g. 5 or 4.5)",
            null when type == typeof(bool) => "true or false",
            null when type == typeof(int) => $"a whole number within {int.MinValue}..{int.MaxValue}",
            null => "a whole number",
            _ => null,
        };
    }

    private static bool IsDictionary(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>);

    private static Type? ListElementType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
}
