namespace Conveyor;

/// <summary>Thrown by a handler to fail the job for good: no retries, straight to <see cref="JobState.Discarded"/>.</summary>
public class PermanentJobException : Exception
{
    /// <summary>Creates the exception with the reason stored on the job.</summary>
    public PermanentJobException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the underlying error.</summary>
    public PermanentJobException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic reason.</summary>
    public PermanentJobException()
        : base("The job failed permanently.")
    {
    }
}
