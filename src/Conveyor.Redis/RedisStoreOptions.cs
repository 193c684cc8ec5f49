using System.Text.RegularExpressions;

namespace Conveyor.Redis;

/// <summary>Settings of the Redis store.</summary>
public sealed partial class RedisStoreOptions
{
    private string _prefix = "conveyor";

    /// <summary>
    /// Whether an unsafe server is accepted (default false). When true, every problem the server check finds (a
    /// maxmemory-policy that evicts, AOF off while <see cref="RequireDurability"/> is set) is logged as a warning instead
    /// of stopping the store: jobs can then be lost without any error.
    /// </summary>
    public bool AllowUnsafeServer { get; set; }

    /// <summary>
    /// The prefix of every key the store writes (default <c>conveyor</c>), so several applications or tenants share a
    /// server. 1 to 64 characters, each a letter, a digit, <c>_</c>, <c>-</c> or <c>:</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix is empty, too long or holds another character.</exception>
    public string Prefix
    {
        get => _prefix;
        set => _prefix = ValidPrefix(value);
    }

    /// <summary>
    /// Whether the server must have AOF on (<c>appendonly yes</c>; default false). Only then does an acknowledged
    /// enqueue survive a server restart; <c>appendfsync everysec</c> still leaves up to a second exposed to power loss.
    /// </summary>
    public bool RequireDurability { get; set; }

    private static string ValidPrefix(string? prefix)
    {
        if (prefix is null || !KeyPrefix().IsMatch(prefix))
        {
            throw new ArgumentException(
                $"Invalid key prefix '{prefix}': use 1 to 64 characters, each a letter, a digit, '_', '-' or ':'.",
                nameof(Prefix));
        }

        return prefix;
    }

    [GeneratedRegex("^[A-Za-z0-9_:-]{1,64}$")]
    private static partial Regex KeyPrefix();
}
