namespace Conveyor;

/// <summary>What to do with the ticks that passed while no leader enqueued them (more than the misfire threshold late).</summary>
public enum MisfirePolicy
{
    /// <summary>Enqueue one job for the latest missed tick and skip the others (the default).</summary>
    RunOnce,

    /// <summary>Enqueue a job for every missed tick, oldest first.</summary>
    RunAll,

    /// <summary>Enqueue nothing for missed ticks.</summary>
    Skip,
}
