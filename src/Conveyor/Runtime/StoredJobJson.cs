using System.Text.Json;

namespace Conveyor.Runtime;

/// <summary>
/// Reads the JSON a store keeps beside a job's arguments (its errors and tags) without ever throwing on the content:
/// what is not what Conveyor writes is left out and noted in the record's <see cref="JobRecord.DecodeError"/>, so one
/// hand-written or damaged record cannot fail a fetch, a lease sweep or a listing of every other job with it.
/// </summary>
public static class StoredJobJson
{
    /// <summary>Adds "<paramref name="field"/>: <paramref name="message"/>" to a record's decode problems.</summary>
    public static void Note(ref string? problems, string field, string message) =>
        problems = problems is null ? $"{field}: {message}" : $"{problems}; {field}: {message}";

    /// <summary>Errors kept as one JSON array of attempt errors; the entries that cannot be read are left out.</summary>
    public static IReadOnlyList<AttemptError> Errors(string json, string field, ref string? problems)
    {
        if (json == "[]")
        {
            return [];
        }

        try
        {
            if (JsonSerializer.Deserialize<List<AttemptError>?>(json, ConveyorJson.Options) is { } fast && fast.TrueForAll(IsComplete))
            {
                return fast;
            }
        }
        catch (JsonException)
        {
            // Read the entries one by one below, to keep the readable ones and say what is wrong.
        }

        return Entries<AttemptError>(json, field, ref problems, ReadError);
    }

    /// <summary>Errors kept as JSON objects, one per line (a Redis job hash); the lines that cannot be read are left out.</summary>
    public static IReadOnlyList<AttemptError> ErrorLines(string lines, string field, ref string? problems) =>
        Readable<AttemptError>(lines.Split('\n'), ReadError, field, "lines", ref problems);

    /// <summary>Tags kept as one JSON array of strings; the entries that are not strings are left out.</summary>
    public static IReadOnlyList<string> Tags(string json, string field, ref string? problems)
    {
        if (json == "[]")
        {
            return [];
        }

        try
        {
            // Elements are not checked for null by the serializer, whatever the annotation says: check them here.
            if (JsonSerializer.Deserialize<List<string>?>(json, ConveyorJson.Options) is { } fast && !fast.Contains(null!))
            {
                return fast;
            }
        }
        catch (JsonException)
        {
            // Read the entries one by one below.
        }

        return Entries<string>(json, field, ref problems, ReadTag);
    }

    /// <summary>The entries of a JSON array that <paramref name="read"/> accepts; the rest are noted.</summary>
    private static List<T> Entries<T>(string json, string field, ref string? problems, Func<string, (T? Value, string? Reason)> read)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            Note(ref problems, field, $"not JSON ({ex.Message})");
            return [];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                Note(ref problems, field, $"a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an array");
                return [];
            }

            return Readable(document.RootElement.EnumerateArray().Select(e => e.GetRawText()), read, field, "entries", ref problems);
        }
    }

    /// <summary>What <paramref name="read"/> accepts of <paramref name="texts"/>; how many it refused is noted.</summary>
    private static List<T> Readable<T>(IEnumerable<string> texts, Func<string, (T? Value, string? Reason)> read, string field, string unit, ref string? problems)
        where T : class
    {
        var values = new List<T>();
        var unreadable = 0;
        string? first = null;
        foreach (var text in texts)
        {
            var (value, reason) = read(text);
            if (value is not null)
            {
                values.Add(value);
            }
            else
            {
                unreadable++;
                first ??= reason;
            }
        }

        if (unreadable > 0)
        {
            Note(ref problems, field, $"{unreadable} of {values.Count + unreadable} {unit} cannot be read (first: {first})");
        }

        return values;
    }

    private static (AttemptError?, string?) ReadError(string json)
    {
        try
        {
            var error = JsonSerializer.Deserialize<AttemptError?>(json, ConveyorJson.Options);
            return IsComplete(error) ? (error, null) : (null, "not an attempt error with a type and a message");
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }

    private static (string?, string?) ReadTag(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string?>(json, ConveyorJson.Options) is { } tag ? (tag, null) : (null, "null");
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }

    // Positional records take absent JSON members as defaults, so a required text can arrive as null.
    private static bool IsComplete(AttemptError? error) => error is { ExceptionType: not null, Message: not null };
}
