namespace Conveyor;

/// <summary>A recurring job's settings beyond its expression; unset ones come from the job type's registration.</summary>
public sealed class RecurringOptions
{
    /// <summary>The queue; by default the job type's.</summary>
    public string? Queue { get; set; }

    /// <summary>What to do with ticks missed while no leader ran; <see cref="MisfirePolicy.RunOnce"/> by default.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.RunOnce;

    /// <summary>Attempts allowed per tick's job; by default the job type's retry policy's.</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>The jobs' priority; by default the job type's.</summary>
    public int? Priority { get; set; }
}
