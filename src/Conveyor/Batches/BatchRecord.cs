namespace Conveyor;

/// <summary>A batch as a store returns it.</summary>
public sealed record BatchRecord
{
    /// <summary>The store-assigned id.</summary>
    public required long Id { get; init; }

    /// <summary>The callback job's id.</summary>
    public required long CallbackJobId { get; init; }

    /// <summary>When the callback runs.</summary>
    public required BatchCondition Condition { get; init; }

    /// <summary>How many jobs the batch has.</summary>
    public required int Total { get; init; }

    /// <summary>When the batch was created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the batch closed (every job had finished), or null while open.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>The final states counted when the batch closed; null while open.</summary>
    public BatchCounts? Counts { get; init; }

    /// <summary>Its jobs in the order they were added, with their current state and result (empty in listings).</summary>
    public IReadOnlyList<BatchMember> Jobs { get; init; } = [];
}

/// <summary>How a closed batch's jobs ended.</summary>
public readonly record struct BatchCounts(int Completed, int Discarded, int Cancelled, int Deleted)
{
    /// <summary>Whether every job completed.</summary>
    public bool AllSucceeded => Discarded == 0 && Cancelled == 0 && Deleted == 0;
}

/// <summary>One job of a batch: its current state (null once deleted) and the result it stored, if any.</summary>
public sealed record BatchMember(long JobId, JobState? State, ReadOnlyMemory<byte>? Result)
{
    /// <summary>The stored result as <typeparamref name="TResult"/>; default when the job stored none.</summary>
    /// <exception cref="System.Text.Json.JsonException">The result is not a <typeparamref name="TResult"/>.</exception>
    public TResult? ReadResult<TResult>() =>
        Result is { } json ? System.Text.Json.JsonSerializer.Deserialize<TResult>(json.Span, ConveyorJson.Options) : default;
}
