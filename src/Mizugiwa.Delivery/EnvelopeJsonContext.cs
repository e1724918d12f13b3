using System.Text.Json;
using System.Text.Json.Serialization;
using Mizugiwa.Core;

namespace Mizugiwa.Delivery;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MessageEnvelope))]
internal sealed partial class EnvelopeJsonContext : JsonSerializerContext;
