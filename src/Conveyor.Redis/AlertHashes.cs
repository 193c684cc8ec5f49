using Conveyor.Storage;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>
/// An alert as the store keeps it (its fields are listed in <c>Scripts/_common.lua</c>): the field of the firing hash
/// that names its rule and subject, and its hash read back as an <see cref="AlertRecord"/>.
/// </summary>
internal static class AlertHashes
{
    /// <summary>
    /// The firing hash's field of <paramref name="rule"/> and <paramref name="subject"/>: the rule's length first, so no
    /// two pairs share a field whatever colons they hold.
    /// </summary>
    public static string FiringField(string rule, string subject) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rule.Length}:{rule}:{subject}");

    /// <summary>An alert from its id and a field/value list, as <c>HGETALL</c> gives it to a script.</summary>
    public static AlertRecord Read(long id, RedisResult[] fields)
    {
        var hash = new Dictionary<string, RedisValue>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            hash[(string)fields[i]!] = (RedisValue)fields[i + 1];
        }

        return Read(id, hash);
    }

    /// <summary>An alert from its id and its hash's entries.</summary>
    public static AlertRecord Read(long id, HashEntry[] entries) =>
        Read(id, entries.ToDictionary(e => (string)e.Name!, e => e.Value, StringComparer.Ordinal));

    private static AlertRecord Read(long id, Dictionary<string, RedisValue> hash) => new()
    {
        Id = id,
        Rule = hash["r"]!,
        Subject = hash["s"]!,
        Severity = hash["v"]!,
        Message = hash["m"]!,
        FiredAt = Micros.ToTime((long)hash["f"]),
        LastSeenAt = Micros.ToTime((long)hash["l"]),
        ResolvedAt = hash.TryGetValue("z", out var resolved) ? Micros.ToTime((long)resolved) : null,
    };
}
