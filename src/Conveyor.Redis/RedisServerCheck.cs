using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// Checks that every connected primary keeps what it is given: a maxmemory-policy that evicts would drop jobs
/// silently, and without AOF an acknowledged enqueue is lost on restart (refused only when durability is required).
/// </summary>
internal sealed class RedisServerCheck(IConnectionMultiplexer connection, RedisStoreOptions options)
{
    /// <summary>
    /// Throws when the server is unsafe for jobs, naming every problem; with <see cref="RedisStoreOptions.AllowUnsafeServer"/>
    /// it logs each problem as a warning and returns.
    /// </summary>
    /// <exception cref="InvalidOperationException">A problem was found and unsafe servers are not allowed.</exception>
    public async Task EnsureSafeAsync(ILogger logger, CancellationToken ct)
    {
        var problems = await FindProblemsAsync(ct);
        if (problems.Count == 0)
        {
            return;
        }

        if (!options.AllowUnsafeServer)
        {
            throw new InvalidOperationException(
                "Redis would not keep Conveyor's jobs safely:" + Environment.NewLine
                + string.Join(Environment.NewLine, problems.Select(problem => "- " + problem)) + Environment.NewLine
                + "Fix the server, or set RedisStoreOptions.AllowUnsafeServer to run anyway with these as warnings.");
        }

        foreach (var problem in problems)
        {
            Log.UnsafeServer(logger, problem);
        }
    }

    /// <summary>One sentence per problem found on any connected primary; empty when the server is safe.</summary>
    public async Task<IReadOnlyList<string>> FindProblemsAsync(CancellationToken ct)
    {
        var primaries = connection.GetServers().Where(server => server.IsConnected && !server.IsReplica).ToList();
        if (primaries.Count == 0)
        {
            return ["No connected Redis primary to check: Conveyor writes jobs only to a primary."];
        }

        var problems = new List<string>();
        foreach (var server in primaries)
        {
            problems.AddRange(await ProblemsOfAsync(server, ct));
        }

        return problems;
    }

    private async Task<IReadOnlyList<string>> ProblemsOfAsync(IServer server, CancellationToken ct)
    {
        var problems = new List<string>();
        try
        {
            var policy = await ConfigAsync(server, "maxmemory-policy", ct);
            if (!string.Equals(policy, "noeviction", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(
                    $"Redis at {server.EndPoint} has maxmemory-policy {policy}: it would evict jobs silently; set maxmemory-policy noeviction.");
            }

            var appendOnly = await ConfigAsync(server, "appendonly", ct);
            if (options.RequireDurability && !string.Equals(appendOnly, "yes", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(
                    $"Redis at {server.EndPoint} has appendonly {appendOnly}: an acknowledged job would be lost when the server restarts, "
                    + "and RequireDurability is set; set appendonly yes.");
            }
        }
        catch (Exception error) when (error is RedisServerException or RedisCommandException)
        {
            problems.Add(
                $"Redis at {server.EndPoint} refused CONFIG GET ({error.Message}), so Conveyor cannot check that it keeps jobs "
                + "(maxmemory-policy noeviction, and appendonly yes when RequireDurability is set); allow CONFIG GET for this connection, "
                + "or check the server by hand and set AllowUnsafeServer.");
        }

        return problems;
    }

    private static async Task<string> ConfigAsync(IServer server, string name, CancellationToken ct)
    {
        var pairs = await server.ConfigGetAsync(name).WaitAsync(ct);
        return pairs.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? "(not reported)";
    }
}
