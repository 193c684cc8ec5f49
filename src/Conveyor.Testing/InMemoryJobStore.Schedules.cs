using Conveyor.Storage;

namespace Conveyor.Testing;

/// <summary>The reference store's recurring schedules, under the same lock as its jobs.</summary>
public sealed partial class InMemoryJobStore : IScheduleStore
{
    private readonly SortedDictionary<string, StoredSchedule> _schedules = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask SaveSchedulesAsync(SaveSchedulesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            foreach (var definition in request.Schedules)
            {
                _schedules[definition.Name] = _schedules.TryGetValue(definition.Name, out var stored)
                    ? stored with { Definition = definition }
                    : new StoredSchedule(definition, Paused: false, Cursor: null);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ListSchedulesResult> ListSchedulesAsync(ListSchedulesRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(new ListSchedulesResult([.. _schedules.Values]));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> SetSchedulePausedAsync(SetSchedulePausedRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_schedules.TryGetValue(request.Name, out var stored))
            {
                return ValueTask.FromResult(false);
            }

            _schedules[request.Name] = stored with { Paused = request.Paused, Cursor = request.Paused ? stored.Cursor : null };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<AdvanceScheduleResult> AdvanceScheduleAsync(AdvanceScheduleRequest request, CancellationToken ct)
    {
        foreach (var job in request.Jobs)
        {
            Validate(job);
        }

        lock (_gate)
        {
            if (!_schedules.TryGetValue(request.Name, out var stored) || stored.Paused || stored.Cursor != request.ExpectedCursor)
            {
                return ValueTask.FromResult(new AdvanceScheduleResult(false, []));
            }

            _schedules[request.Name] = stored with { Cursor = request.NewCursor };
            var now = _time.GetUtcNow();
            return ValueTask.FromResult(new AdvanceScheduleResult(true, [.. request.Jobs.Select(job => InsertOne(job, now).Id)]));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RecordScheduleRunAsync(RecordScheduleRunRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            if (!_schedules.TryGetValue(request.Name, out var stored))
            {
                return ValueTask.FromResult(false);
            }

            // Runs can finish out of order: an older tick retried late must not hide a newer tick's run.
            var lastRun = stored.LastRun is null || stored.LastRun.Tick <= request.Tick
                ? new ScheduleRun(request.Tick, request.State, request.FinishedAt)
                : stored.LastRun;
            var lastSucceeded = request.State == JobState.Completed && (stored.LastSucceededTick is null || stored.LastSucceededTick < request.Tick)
                ? request.Tick
                : stored.LastSucceededTick;
            _schedules[request.Name] = stored with { LastRun = lastRun, LastSucceededTick = lastSucceeded };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteScheduleAsync(DeleteScheduleRequest request, CancellationToken ct)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_schedules.Remove(request.Name));
        }
    }
}
