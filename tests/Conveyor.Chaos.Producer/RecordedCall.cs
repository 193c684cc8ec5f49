using System.Globalization;

namespace Conveyor.Chaos.Producer;

/// <summary>
/// One call as the producer's <see cref="CallRecord"/> has it: asked (always), then acknowledged with
/// <see cref="Ids"/>, refused with <see cref="Error"/>, or neither (<see cref="Unknown"/>: the producer was killed
/// during the call, which may or may not have committed).
/// </summary>
public sealed record RecordedCall(int Call, int Jobs, long AskedUnixMs)
{
    /// <summary>The ids the client returned, when the call was acknowledged.</summary>
    public IReadOnlyList<long>? Ids { get; init; }

    /// <summary>The exception's type and message the caller saw, when the call failed.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the call has no recorded outcome.</summary>
    public bool Unknown => Ids is null && Error is null;

    /// <summary>
    /// The calls in a record file, in order. Only whole lines count: a line a kill cut short was never written as far
    /// as the producer is concerned, so the call it would have ended stays unknown.
    /// </summary>
    public static List<RecordedCall> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var calls = new List<RecordedCall>();
        foreach (var line in reader.ReadToEnd().Split('\n')[..^1])
        {
            var parts = line.Split(',', 3);
            var call = int.Parse(parts[1], CultureInfo.InvariantCulture);
            switch (parts[0])
            {
                case "asked":
                    var asked = parts[2].Split(',');
                    calls.Add(new RecordedCall(call, int.Parse(asked[0], CultureInfo.InvariantCulture), long.Parse(asked[1], CultureInfo.InvariantCulture)));
                    break;
                case "ok":
                    calls[^1] = Outcome(calls, call, line) with { Ids = [.. parts[2].Split(' ').Select(id => long.Parse(id, CultureInfo.InvariantCulture))] };
                    break;
                case "error":
                    calls[^1] = Outcome(calls, call, line) with { Error = parts[2] };
                    break;
                default:
                    throw new InvalidDataException($"Not a call record line: '{line}' in {path}.");
            }
        }

        return calls;
    }

    private static RecordedCall Outcome(List<RecordedCall> calls, int call, string line) =>
        calls.Count > 0 && calls[^1].Call == call && calls[^1].Unknown
            ? calls[^1]
            : throw new InvalidDataException($"An outcome for no open call: '{line}'.");
}
