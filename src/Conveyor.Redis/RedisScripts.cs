using System.Collections.Frozen;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// The store's Lua, one embedded <c>Scripts/*.lua</c> file per transition, loaded into the server once and run by its
/// SHA1. A server that lost its script cache (a restart, <c>SCRIPT FLUSH</c>, a failover) is given the script again.
/// </summary>
internal sealed class RedisScripts(IDatabase database)
{
    private const string ResourcePrefix = "Conveyor.Redis.Scripts.";
    private static readonly FrozenDictionary<string, string> Sources = LoadAll();
    private readonly Dictionary<string, byte[]> _hashes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);

    /// <summary>The names of the embedded scripts, e.g. <c>server_time</c>.</summary>
    public static IEnumerable<string> Names => Sources.Keys;

    /// <summary>Runs <c>Scripts/{name}.lua</c> with <paramref name="keys"/> and <paramref name="args"/>.</summary>
    public async Task<RedisResult> RunAsync(string name, RedisKey[] keys, RedisValue[] args)
    {
        var hash = await HashOfAsync(name, reload: false);
        try
        {
            return await database.ScriptEvaluateAsync(hash, keys, args);
        }
        catch (RedisServerException error) when (error.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            var result = await database.ScriptEvaluateAsync(Source(name), keys, args);
            await HashOfAsync(name, reload: true);
            return result;
        }
    }

    private async Task<byte[]> HashOfAsync(string name, bool reload)
    {
        await _loading.WaitAsync();
        try
        {
            if (reload || !_hashes.TryGetValue(name, out var hash))
            {
                var loaded = await database.ExecuteAsync("SCRIPT", "LOAD", Source(name));
                hash = Convert.FromHexString((string)loaded!);
                _hashes[name] = hash;
            }

            return hash;
        }
        finally
        {
            _loading.Release();
        }
    }

    private static string Source(string name) =>
        Sources.TryGetValue(name, out var source) ? source : throw new InvalidOperationException($"Missing embedded Lua script {name}.lua.");

    private static FrozenDictionary<string, string> LoadAll()
    {
        var assembly = typeof(RedisScripts).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".lua", StringComparison.Ordinal))
            .ToFrozenDictionary(
                resource => resource[ResourcePrefix.Length..^".lua".Length],
                resource =>
                {
                    using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
                    return reader.ReadToEnd();
                },
                StringComparer.Ordinal);
    }
}
