using System.Globalization;
using Conveyor.Storage;
using Microsoft.AspNetCore.Http;

namespace Conveyor.Dashboard.Data;

/// <summary>The jobs list's filters, from a query string or a form: state, queue, kind, tag, text, a job id, and the keyset cursor.</summary>
/// <param name="State">Only this state.</param>
/// <param name="Queue">Only this queue.</param>
/// <param name="Kind">Only this kind.</param>
/// <param name="Id">Only this job.</param>
/// <param name="Before">Only jobs with a smaller id (the previous page's last).</param>
/// <param name="Error">Why a filter value was ignored, if one was.</param>
internal sealed record JobFilter(JobState? State, string? Queue, string? Kind, long? Id, long? Before, string? Error)
{
    /// <summary>The jobs on one page.</summary>
    public const int PageSize = 50;

    /// <summary>Only jobs carrying this tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Only jobs whose arguments or errors contain this text (case-sensitive).</summary>
    public string? Text { get; init; }

    /// <summary>Reads the filters; an unknown state or a malformed number is ignored and reported in <see cref="Error"/>.</summary>
    public static JobFilter Parse(Func<string, string?> get, JobState? fixedState = null)
    {
        string? error = null;
        var state = fixedState;
        if (fixedState is null && Value(get("state")) is { } s)
        {
            try
            {
                state = JobStates.ParseWireName(s);
            }
            catch (ArgumentException ex)
            {
                error = ex.Message;
            }
        }

        return new JobFilter(state, Value(get("queue")), Value(get("kind")), Number(get("id"), ref error), Number(get("before"), ref error), error)
        {
            Tag = Value(get("tag")),
            Text = Value(get("text")),
        };
    }

    /// <summary>Reads the filters of a query string.</summary>
    public static JobFilter From(IQueryCollection query, JobState? fixedState = null) => Parse(k => query[k].ToString(), fixedState);

    /// <summary>The store request for one page.</summary>
    public ListJobsRequest ToRequest(int limit = PageSize) => new() { State = State, Queue = Queue, Kind = Kind, Tag = Tag, Text = Text, BeforeId = Before, Limit = limit };

    /// <summary>The query string of these filters (without the cursor unless given), e.g. <c>?queue=high&amp;before=10</c>.</summary>
    public string Query(long? before = null)
    {
        var parts = new List<string>();
        Add(parts, "state", State?.ToWireName());
        Add(parts, "queue", Queue);
        Add(parts, "kind", Kind);
        Add(parts, "tag", Tag);
        Add(parts, "text", Text);
        Add(parts, "before", before?.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static void Add(List<string> parts, string key, string? value)
    {
        if (value is not null)
        {
            parts.Add($"{key}={Uri.EscapeDataString(value)}");
        }
    }

    private static string? Value(string? raw) => string.IsNullOrWhiteSpace(raw) ? null : raw.Trim();

    private static long? Number(string? raw, ref string? error)
    {
        if (Value(raw) is not { } text)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        error = $"'{text}' is not a job id.";
        return null;
    }
}
