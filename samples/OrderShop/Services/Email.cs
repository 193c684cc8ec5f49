namespace OrderShop.Services;

/// <summary>Sends email.</summary>
public interface IEmail
{
    /// <summary>Sends one message.</summary>
    Task SendAsync(string to, string subject, CancellationToken ct);
}

/// <summary>Pretends to send email; counts what it sent.</summary>
public sealed class FakeEmail(SimulatedLatency latency) : IEmail
{
    private long _sent;

    /// <summary>Messages sent so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <inheritdoc />
    public async Task SendAsync(string to, string subject, CancellationToken ct)
    {
        await latency.WaitAsync(30, 80, ct);
        Interlocked.Increment(ref _sent);
    }
}
