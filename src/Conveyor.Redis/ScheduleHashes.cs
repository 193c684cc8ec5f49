using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>A recurring schedule's hash (its fields are listed in <c>Scripts/_common.lua</c>): writing a definition, reading it back.</summary>
internal static class ScheduleHashes
{
    /// <summary>The state a schedule that did not move carries: empty values, which keep the hash's own.</summary>
    public static RedisValue[] KeepOwn { get; } = [.. Enumerable.Repeat(RedisValue.EmptyString, 6)];

    /// <summary>
    /// The ARGV of <c>save_schedule.lua</c>: the definition, then the paused flag, cursor and recorded runs a moved
    /// schedule carries (<paramref name="moved"/>, as <c>take_schedule.lua</c> returns them; <see cref="KeepOwn"/> keeps
    /// the hash's own).
    /// </summary>
    public static RedisValue[] SaveArgs(ScheduleDefinition definition, RedisValue[] moved) =>
    [
        definition.Kind, definition.Queue, definition.Args, definition.Cron, definition.TimeZone, definition.Misfire.ToString(),
        definition.MaxAttempts, definition.Priority, .. moved,
    ];

    /// <summary>
    /// The schedule <paramref name="name"/> from its hash's entries, or null when they are not a whole schedule: the hash
    /// is gone (deleted, or moving to another queue, between the index read and this one), or was not written by Conveyor.
    /// </summary>
    public static StoredSchedule? Read(string name, HashEntry[] entries)
    {
        var hash = entries.ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal);
        RedisValue Field(string field) => hash.TryGetValue(field, out var value) ? value : RedisValue.Null;
        if (Field("k").IsNull || Field("q").IsNull || Field("a").IsNull || Field("c").IsNull || Field("z").IsNull
            || !Enum.TryParse((string?)Field("w"), out MisfirePolicy misfire) || !Enum.IsDefined(misfire)
            || !Field("m").TryParse(out int maxAttempts) || !Field("p").TryParse(out int priority)
            || !Micros.TryRead(Field("r"), out var cursor))
        {
            return null;
        }

        var definition = new ScheduleDefinition
        {
            Name = name,
            Kind = (string)Field("k")!,
            Queue = (string)Field("q")!,
            Args = (byte[])Field("a")!,
            Cron = (string)Field("c")!,
            TimeZone = (string)Field("z")!,
            Misfire = misfire,
            MaxAttempts = maxAttempts,
            Priority = priority,
        };
        return new StoredSchedule(definition, Paused: Field("h") == "1", cursor)
        {
            LastRun = ReadLastRun(Field("t"), Field("s"), Field("f")),
            LastSucceededTick = Micros.TryRead(Field("u"), out var succeeded) ? succeeded : null,
        };
    }

    /// <summary>The last run from its three fields; null when it has none, or they are not one Conveyor wrote.</summary>
    private static ScheduleRun? ReadLastRun(RedisValue tick, RedisValue state, RedisValue finishedAt) =>
        Micros.TryRead(tick, out var at) && at is { } ranAt
        && Enum.TryParse((string?)state, out JobState final) && Enum.IsDefined(final)
        && Micros.TryRead(finishedAt, out var finished) && finished is { } finishedTime
            ? new ScheduleRun(ranAt, final, finishedTime)
            : null;
}
