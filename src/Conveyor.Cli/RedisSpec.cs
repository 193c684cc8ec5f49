using System.Net;
using Conveyor.Redis;
using StackExchange.Redis;

namespace Conveyor.Cli;

/// <summary>
/// A <c>redis:CONFIG</c> store: the StackExchange.Redis configuration string, Conveyor's keys taken out of it
/// (<c>prefix=NAME</c>, default <c>conveyor</c>; <c>durable=true</c>; <c>allowUnsafe=true</c>), and forms safe to print
/// (the password masked).
/// </summary>
internal sealed record RedisSpec(string Configuration, string Prefix, bool RequireDurability, bool AllowUnsafeServer, string Endpoint, string Display)
{
    /// <summary>The key prefix when the configuration names none: the store's default.</summary>
    public static readonly string DefaultPrefix = new RedisStoreOptions().Prefix;

    private const string PrefixKey = "prefix";
    private const string DurableKey = "durable";
    private const string AllowUnsafeKey = "allowUnsafe";
    private const string Example = "redis:127.0.0.1:6379,password=…,prefix=conveyor";

    /// <summary>Parses the text after <c>redis:</c>; every error quotes it with the password masked.</summary>
    /// <exception cref="CliException">A malformed configuration, an unknown option, no endpoint, a bad prefix or flag.</exception>
    public static RedisSpec Parse(string configuration)
    {
        var display = ConnectionStringMask.MaskRedis(configuration);
        var (prefix, durable, allowUnsafe) = (DefaultPrefix, false, false);
        var rest = new List<string>();
        foreach (var part in configuration.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? "" : part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (key.Equals(PrefixKey, StringComparison.OrdinalIgnoreCase))
            {
                prefix = ValidPrefix(value);
            }
            else if (key.Equals(DurableKey, StringComparison.OrdinalIgnoreCase))
            {
                durable = Flag(DurableKey, value, display);
            }
            else if (key.Equals(AllowUnsafeKey, StringComparison.OrdinalIgnoreCase))
            {
                allowUnsafe = Flag(AllowUnsafeKey, value, display);
            }
            else
            {
                rest.Add(part);
            }
        }

        var redis = string.Join(',', rest);
        var options = ParseOptions(redis, display);
        return new RedisSpec(redis, prefix, durable, allowUnsafe, Endpoints(options), display);
    }

    /// <summary>Sets the store's options to these.</summary>
    public void Configure(RedisStoreOptions options)
    {
        options.Prefix = Prefix;
        options.RequireDurability = RequireDurability;
        options.AllowUnsafeServer = AllowUnsafeServer;
    }

    /// <summary>
    /// The <c>--store</c> value of this prefix on this server with these flags, password included: for a worker
    /// process's environment, never for output.
    /// </summary>
    public string StoreText =>
        $"redis:{Configuration},{PrefixKey}={Prefix}{(RequireDurability ? $",{DurableKey}=true" : "")}{(AllowUnsafeServer ? $",{AllowUnsafeKey}=true" : "")}";

    /// <summary>The configuration as given, password masked.</summary>
    public override string ToString() => Display;

    private static ConfigurationOptions ParseOptions(string redis, string display)
    {
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(redis);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(
                $"'{display}' is not a Redis configuration: {CliException.From(ex).Message} StackExchange.Redis's options (password, user, ssl, …) and prefix, durable, allowUnsafe are accepted.");
        }

        if (options.EndPoints.Count == 0)
        {
            throw new CliException($"'{display}' names no Redis server: write it like {Example}.");
        }

        options.SetDefaultPorts();
        return options;
    }

    private static string Endpoints(ConfigurationOptions options) =>
        string.Join(',', options.EndPoints.Select(endpoint => endpoint switch
        {
            DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            _ => endpoint.ToString(),
        }));

    private static bool Flag(string key, string value, string display) =>
        bool.TryParse(value, out var flag) ? flag : throw new CliException($"'{display}': {key}={value} is not true or false.");

    /// <summary>The prefix, if the store accepts it (its rule, its message).</summary>
    private static string ValidPrefix(string prefix)
    {
        try
        {
            return new RedisStoreOptions { Prefix = prefix }.Prefix;
        }
        catch (ArgumentException ex)
        {
            throw CliException.From(ex);
        }
    }
}
