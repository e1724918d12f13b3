using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mizugiwa.Content.Fingerprints;

/// <summary>What is stored under an exact key: where the part came from, for <c>fingerprint list</c>.</summary>
internal sealed record ExactRecord(
    [property: JsonPropertyName("part")] string Part,
    [property: JsonPropertyName("bytes")] long Bytes,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("added")] DateTimeOffset Added);

/// <summary>What is stored under a signature key: the signature, the parameters it was made with, and where it came from.</summary>
internal sealed record SignatureRecord(
    [property: JsonPropertyName("params")] string Parameters,
    [property: JsonPropertyName("sig")] string Signature,
    [property: JsonPropertyName("words")] int Words,
    [property: JsonPropertyName("part")] string Part,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("added")] DateTimeOffset Added);

[JsonSerializable(typeof(ExactRecord))]
[JsonSerializable(typeof(SignatureRecord))]
internal sealed partial class FingerprintJson : JsonSerializerContext
{
    public static string Write(ExactRecord record) => JsonSerializer.Serialize(record, Default.ExactRecord);

    public static string Write(SignatureRecord record) => JsonSerializer.Serialize(record, Default.SignatureRecord);

    public static ExactRecord? ReadExact(string json) => Read(json, Default.ExactRecord);

    public static SignatureRecord? ReadSignature(string json) => Read(json, Default.SignatureRecord);

    /// <summary>Null for a value that is not ours (or from a future version): it is then ignored, not fatal.</summary>
    private static T? Read<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
    {
        try { return JsonSerializer.Deserialize(json, type); }
        catch (JsonException) { return null; }
    }
}
