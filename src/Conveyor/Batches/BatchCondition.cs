namespace Conveyor;

/// <summary>When a batch's callback (or a continuation) runs, decided once, when every job of the batch has finished.</summary>
public enum BatchCondition
{
    /// <summary>Whatever the outcomes: every job Completed, Discarded, Cancelled or deleted.</summary>
    AllFinished = 0,

    /// <summary>Only if every job Completed; otherwise the callback is cancelled.</summary>
    AllSucceeded = 1,
}
