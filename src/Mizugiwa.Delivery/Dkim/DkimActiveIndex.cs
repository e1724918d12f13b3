using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mizugiwa.Delivery.Dkim;

/// <summary>
/// <c>dkim/active.json</c>: which selector signs per domain and key type, e.g.
/// <c>{"example.com": {"rsa": "mail2026", "ed25519": "ed2026"}}</c>. Key files not named here are kept but not used.
/// </summary>
internal static class DkimActiveIndex
{
    public static Dictionary<string, DkimActiveSelectors> Read(string path)
    {
        if (!File.Exists(path)) return new(StringComparer.Ordinal);
        try
        {
            var read = JsonSerializer.Deserialize(File.ReadAllText(path), DkimJsonContext.Default.DictionaryStringDkimActiveSelectors);
            return new(read ?? [], StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new DkimKeyException($"{path} is not a valid DKIM index: {e.Message}");
        }
    }

    /// <summary>Writes the index whole through a temporary file and a rename, so readers never see half of it.</summary>
    public static void Write(string path, Dictionary<string, DkimActiveSelectors> index)
    {
        var kept = index.Where(e => !e.Value.IsEmpty).OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(StringComparer.Ordinal);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(kept, DkimJsonContext.Default.DictionaryStringDkimActiveSelectors) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Dictionary<string, DkimActiveSelectors>))]
internal sealed partial class DkimJsonContext : JsonSerializerContext;
