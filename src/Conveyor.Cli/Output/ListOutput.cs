using System.Text.Json.Nodes;
using Spectre.Console;

namespace Conveyor.Cli.Output;

/// <summary>
/// How every list command prints its rows: with <c>--json</c> one object holding them under one name
/// (<c>{"jobs": [ … ]}</c>, an empty array when there are none); otherwise a grey line when there are none, else the
/// command's own table.
/// </summary>
internal static class ListOutput
{
    public static void Write<T>(CliContext cli, bool json, string name, IReadOnlyList<T> rows, Func<T, JsonNode> toJson, string none, Action<IReadOnlyList<T>> table)
    {
        if (json)
        {
            Json.Write(cli.OutWriter, new JsonObject { [name] = new JsonArray([.. rows.Select(toJson)]) });
        }
        else if (rows.Count == 0)
        {
            cli.Out.MarkupLine($"[grey]{Markup.Escape(none)}[/]");
        }
        else
        {
            table(rows);
        }
    }
}
