using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conveyor.Cli.Output;

/// <summary>The CLI's JSON conventions: camelCase names, ISO 8601 UTC times, indented output.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(TextWriter writer, JsonNode node, bool indented = true) => writer.WriteLine(node.ToJsonString(indented ? Indented : null));

    public static JsonNode? Time(DateTimeOffset? at) =>
        at is { } t ? JsonValue.Create(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)) : null;

    /// <summary>Stored arguments as JSON when they parse (they always should), otherwise as a string.</summary>
    public static JsonNode? Args(ReadOnlyMemory<byte> args)
    {
        try
        {
            return JsonNode.Parse(args.Span);
        }
        catch (JsonException)
        {
            return JsonValue.Create(System.Text.Encoding.UTF8.GetString(args.Span));
        }
    }
}
