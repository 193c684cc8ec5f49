using StackExchange.Redis;

namespace Conveyor.Cli;

/// <summary>Turns the Redis store's connection failures and server refusals into one line each, without the password.</summary>
internal static class RedisErrors
{
    /// <summary>The assembly of the Redis store, whose server check throws <see cref="InvalidOperationException"/>.</summary>
    private static readonly string StoreAssembly = typeof(Redis.RedisJobStore).Assembly.GetName().Name!;

    private const string ProblemMarker = "- ";

    /// <summary>Why the connection failed, in a few words (StackExchange.Redis does not tell refused from unknown host or timed out).</summary>
    public static string Unreachable(RedisConnectionException error) => error.FailureType switch
    {
        ConnectionFailureType.UnableToConnect => "unable to connect (refused, unknown host or timed out)",
        ConnectionFailureType.AuthenticationFailure =>
            $"authentication failed ({ConnectionStringMask.MaskRedis(error.InnerException?.Message ?? error.Message)}); check the store's password and user",
        _ => $"{error.FailureType} ({ConnectionStringMask.MaskRedis(error.Message)})",
    };

    /// <summary>
    /// The server check's refusal of an unsafe server as one line, pointing at <c>allowUnsafe=true</c>; null when
    /// <paramref name="error"/> is not the check's.
    /// </summary>
    public static string? Unsafe(InvalidOperationException error)
    {
        if (error.Source != StoreAssembly)
        {
            return null;
        }

        var problems = error.Message.Split('\n', StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith(ProblemMarker, StringComparison.Ordinal))
            .Select(line => line[ProblemMarker.Length..])
            .ToList();
        return problems.Count == 0
            ? null
            : $"Unsafe Redis: {string.Join(" ", problems)} To run anyway, add allowUnsafe=true to the store.";
    }
}
