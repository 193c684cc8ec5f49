namespace Conveyor;

/// <summary>How far a running job says it is: a percentage, an optional message, and when the store recorded it.</summary>
/// <param name="Percent">0 to 100.</param>
/// <param name="Message">What it is doing, at most <see cref="MaxMessageLength"/> characters; null for none.</param>
/// <param name="At">When the store recorded it (the store's clock).</param>
public sealed record JobProgress(int Percent, string? Message, DateTimeOffset At)
{
    /// <summary>The longest progress message accepted.</summary>
    public const int MaxMessageLength = 200;
}
