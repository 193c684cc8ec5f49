using System.Globalization;
using Conveyor.Dashboard.Data;
using Conveyor.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Conveyor.Dashboard.Endpoints.DashboardRequest;

namespace Conveyor.Dashboard.Endpoints;

/// <summary>
/// The actions: POST forms only, each checked by <see cref="Security.DashboardGuard"/> (antiforgery token, read-only
/// mode) before it runs, each answered with 303 to the page to show next.
/// </summary>
internal static class ActionEndpoints
{
    private const int Chunk = 500;

    public static void Map(RouteGroupBuilder group, DashboardServices s, string prefix)
    {
        group.MapPost("queues/{name}/pause", (HttpContext http, string name, CancellationToken ct) => SetPausedAsync(http, s, prefix, name, true, ct));
        group.MapPost("queues/{name}/resume", (HttpContext http, string name, CancellationToken ct) => SetPausedAsync(http, s, prefix, name, false, ct));
        group.MapPost("jobs/{id:long}/retry", async (HttpContext http, long id, CancellationToken ct) =>
        {
            await s.Admin.RetryJobsAsync(new JobIdsRequest { JobIds = [id] }, ct);
            var form = await http.Request.ReadFormAsync(ct);
            return SeeOther(http, prefix, form["back"] == "dead-letters" ? "dead-letters?done=retried&n=1" : $"jobs/{id}");
        });
        group.MapPost("jobs/{id:long}/cancel", async (HttpContext http, long id, CancellationToken ct) =>
        {
            await s.Admin.CancelJobsAsync(new JobIdsRequest { JobIds = [id] }, ct);
            return SeeOther(http, prefix, $"jobs/{id}");
        });
        group.MapPost("jobs/{id:long}/delete", async (HttpContext http, long id, CancellationToken ct) =>
        {
            var deleted = (await s.Admin.DeleteJobsAsync(new JobIdsRequest { JobIds = [id] }, ct)).Applied.Count;
            return SeeOther(http, prefix, $"dead-letters?done=deleted&n={deleted}");
        });
        group.MapPost("dead-letters/retry-all", (HttpContext http, CancellationToken ct) => BulkAsync(http, s, prefix, retry: true, ct));
        group.MapPost("dead-letters/delete-all", (HttpContext http, CancellationToken ct) => BulkAsync(http, s, prefix, retry: false, ct));
        group.MapPost("recurring/{name}/pause", (HttpContext http, string name, CancellationToken ct) => SetSchedulePausedAsync(http, s, prefix, name, true, ct));
        group.MapPost("recurring/{name}/resume", (HttpContext http, string name, CancellationToken ct) => SetSchedulePausedAsync(http, s, prefix, name, false, ct));
        group.MapPost("recurring/{name}/trigger", (HttpContext http, string name, CancellationToken ct) => TriggerAsync(http, s, prefix, name, ct));
    }

    private static async Task<IResult> SetPausedAsync(HttpContext http, DashboardServices s, string prefix, string name, bool paused, CancellationToken ct)
    {
        await s.Admin.SetQueuePausedAsync(new SetQueuePausedRequest { Queue = QueueNames.Validate(name, "queue"), Paused = paused }, ct);
        return SeeOther(http, prefix, "queues");
    }

    /// <summary>Retries or deletes every dead letter matching the form's queue, kind, tag and text, in chunks.</summary>
    private static async Task<IResult> BulkAsync(HttpContext http, DashboardServices s, string prefix, bool retry, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var filter = JobFilter.Parse(k => form[k].ToString(), JobState.Discarded);
        var ids = await DeadLetterMatches.ReadAsync(s.Admin, filter, ct);
        var applied = 0;
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var request = new JobIdsRequest { JobIds = chunk };
            applied += (retry ? await s.Admin.RetryJobsAsync(request, ct) : await s.Admin.DeleteJobsAsync(request, ct)).Applied.Count;
        }

        return SeeOther(http, prefix, $"dead-letters?done={(retry ? "retried" : "deleted")}&n={applied}");
    }

    private static async Task<IResult> SetSchedulePausedAsync(HttpContext http, DashboardServices s, string prefix, string name, bool paused, CancellationToken ct)
    {
        if (s.Schedules is null || !await s.Schedules.SetSchedulePausedAsync(new SetSchedulePausedRequest { Name = name, Paused = paused }, ct))
        {
            return Results.Text($"No recurring schedule named '{name}'.", statusCode: StatusCodes.Status404NotFound);
        }

        return SeeOther(http, prefix, "recurring");
    }

    /// <summary>Enqueues the schedule's job now, as its ticks do (and as <c>conveyor recurring trigger</c> does); its ticks go on as before.</summary>
    private static async Task<IResult> TriggerAsync(HttpContext http, DashboardServices s, string prefix, string name, CancellationToken ct)
    {
        var schedules = s.Schedules is null ? [] : (await s.Schedules.ListSchedulesAsync(new ListSchedulesRequest(), ct)).Schedules;
        if (s.Client is null || schedules.FirstOrDefault(x => x.Definition.Name == name)?.Definition is not { } d)
        {
            return Results.Text($"No recurring schedule named '{name}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var options = new EnqueueOptions { Queue = d.Queue, Priority = d.Priority, MaxAttempts = d.MaxAttempts, Tags = [$"recurring:{d.Name}"] };
        var id = await s.Client.EnqueueRawAsync(d.Kind, d.Args, options, ct);
        return SeeOther(http, prefix, $"recurring?done=triggered&n={id.ToString(CultureInfo.InvariantCulture)}");
    }
}
