using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// The store's Lua, one embedded <c>Scripts/*.lua</c> file per transition (with <c>_common.lua</c> put after its flags
/// line), loaded into every primary once and run by its SHA1. A server that lost its script cache (a restart,
/// <c>SCRIPT FLUSH</c>, a failover) gets the script's text once, with <c>EVAL</c>, which caches it again.
/// </summary>
internal sealed class RedisScripts(IDatabase database)
{
    private const string ResourcePrefix = "Conveyor.Redis.Scripts.";
    private const string Common = "_common";
    private static readonly FrozenDictionary<string, Script> All = LoadAll();

    /// <summary>The names of the runnable scripts, e.g. <c>server_time</c>.</summary>
    public static IEnumerable<string> Names => All.Keys;

    /// <summary>Loads every script into each connected primary, so the first calls find them cached.</summary>
    public static async Task LoadAsync(IConnectionMultiplexer connection)
    {
        foreach (var server in connection.GetServers().Where(s => s.IsConnected && !s.IsReplica))
        {
            foreach (var script in All.Values)
            {
                await server.ScriptLoadAsync(script.Source).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs <c>Scripts/{name}.lua</c> with <paramref name="keys"/> and <paramref name="args"/>.</summary>
    /// <remarks>A cancelled <paramref name="ct"/> stops the wait, not the script: it may still run on the server.</remarks>
    public async Task<RedisResult> RunAsync(string name, RedisKey[] keys, RedisValue[] args, CancellationToken ct = default)
    {
        var script = All.TryGetValue(name, out var found) ? found : throw new InvalidOperationException($"Missing embedded Lua script {name}.lua.");
        try
        {
            return await database.ScriptEvaluateAsync(script.Hash, keys, args).WaitAsync(ct).ConfigureAwait(false);
        }
        catch (RedisServerException error) when (error.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(script.Source, keys, args).WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private static FrozenDictionary<string, Script> LoadAll()
    {
        var assembly = typeof(RedisScripts).Assembly;
        var sources = assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) && resource.EndsWith(".lua", StringComparison.Ordinal))
            .ToDictionary(resource => resource[ResourcePrefix.Length..^".lua".Length], resource => Read(assembly, resource), StringComparer.Ordinal);
        var common = sources[Common];
        return sources.Where(pair => pair.Key != Common)
            .ToFrozenDictionary(pair => pair.Key, pair => Script.Of(WithCommon(pair.Value, common)), StringComparer.Ordinal);
    }

    /// <summary>The flags line (which must stay first), the shared helpers, then the script's body.</summary>
    private static string WithCommon(string source, string common)
    {
        var flagsEnd = source.StartsWith("#!", StringComparison.Ordinal) ? source.IndexOf('\n', StringComparison.Ordinal) + 1 : 0;
        return source[..flagsEnd] + common + "\n" + source[flagsEnd..];
    }

    private static string Read(System.Reflection.Assembly assembly, string resource)
    {
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        return reader.ReadToEnd();
    }

    /// <summary>A script's text and the SHA1 the server knows it by.</summary>
    private sealed record Script(string Source, byte[] Hash)
    {
        public static Script Of(string source) => new(source, SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }
}
