using System.Text.Json;

namespace Conveyor;

/// <summary>The JSON settings for job arguments: web defaults (camelCase, case-insensitive reads), no type names ever.</summary>
public static class ConveyorJson
{
    /// <summary>The serializer options used for every job's arguments.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
