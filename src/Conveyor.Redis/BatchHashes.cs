using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// A batch's hash (its fields are listed in <c>Scripts/_common.lua</c>) read back as a <see cref="BatchRecord"/>, and
/// the job states a batch is closed by.
/// </summary>
internal static class BatchHashes
{
    /// <summary>
    /// The batch of a hash's entries, without its jobs; null when they are not a whole batch (the hash is gone, or was
    /// not written by Conveyor).
    /// </summary>
    public static BatchRecord? Read(HashEntry[] entries)
    {
        var hash = entries.ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal);
        RedisValue Field(string field) => hash.TryGetValue(field, out var value) ? value : RedisValue.Null;
        if (!Field("i").TryParse(out long id) || !Field("b").TryParse(out long callback) || !Field("t").TryParse(out int total)
            || !Field("o").TryParse(out int condition) || !Enum.IsDefined((BatchCondition)condition)
            || !Micros.TryRead(Field("c"), out var created) || !Micros.TryRead(Field("z"), out var closed) || created is null)
        {
            return null;
        }

        return new BatchRecord
        {
            Id = id,
            CallbackJobId = callback,
            Condition = (BatchCondition)condition,
            Total = total,
            CreatedAt = created.Value,
            ClosedAt = closed,
            Counts = closed is null ? null : new BatchCounts(Count(Field("4")), Count(Field("5")), Count(Field("6")), Count(Field("g"))),
        };
    }

    /// <summary>
    /// A job's state field: null when the job is gone (deleted); a value that names no state reads as Discarded, as a
    /// job's hash does (see <see cref="JobHashes"/>).
    /// </summary>
    public static JobState? State(RedisValue value) =>
        value.IsNull ? null
        : value.TryParse(out int state) && Enum.IsDefined((JobState)state) ? (JobState)state
        : JobState.Discarded;

    /// <summary>Whether a job with <paramref name="state"/> (null once deleted) no longer holds its batch open.</summary>
    public static bool IsFinished(JobState? state) => state is not { } known || known.IsFinal();

    /// <summary>The counts of a batch's jobs from their states, in the order <c>close_batch.lua</c> takes them.</summary>
    public static BatchCounts Count(IReadOnlyList<JobState?> states) => new(
        states.Count(s => s == JobState.Completed),
        states.Count(s => s == JobState.Discarded),
        states.Count(s => s == JobState.Cancelled),
        states.Count(s => s is null));

    private static int Count(RedisValue value) => value.TryParse(out int count) ? count : 0;
}
