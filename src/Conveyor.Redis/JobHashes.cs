using System.Text;
using System.Text.Json;
using StackExchange.Redis;

namespace Conveyor.Redis;

/// <summary>Reads a job's hash (as <c>HGETALL</c> returns it) into a <see cref="JobRecord"/>, and writes the JSON it keeps.</summary>
internal static class JobHashes
{
    /// <summary>An attempt's error as one line of JSON (the hash keeps one per line).</summary>
    public static string ToJson(AttemptError error) => JsonSerializer.Serialize(error, ConveyorJson.Options);

    /// <summary>Tags as a JSON array, or empty for none.</summary>
    public static string TagsJson(IReadOnlyList<string> tags) => tags.Count == 0 ? "" : JsonSerializer.Serialize(tags, ConveyorJson.Options);

    /// <summary>Every job of a script's array of hashes.</summary>
    public static List<JobRecord> ReadAll(RedisResult result)
    {
        var hashes = (RedisResult[])result!;
        var jobs = new List<JobRecord>(hashes.Length);
        foreach (var hash in hashes)
        {
            jobs.Add(Read((RedisResult[])hash!));
        }

        return jobs;
    }

    /// <summary>A job from its hash's field/value list.</summary>
    public static JobRecord Read(RedisResult[] fields)
    {
        var values = new Dictionary<char, RedisResult>(20);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            values[((string)fields[i]!)[0]] = fields[i + 1];
        }

        return Read(values);
    }

    /// <summary>A job from its hash's entries.</summary>
    public static JobRecord Read(HashEntry[] entries) =>
        Read(entries.ToDictionary(e => ((string)e.Name!)[0], e => RedisResult.Create(e.Value)));

    private static JobRecord Read(Dictionary<char, RedisResult> hash) => new()
    {
        Id = Long(hash['i']),
        Kind = (string)hash['k']!,
        Queue = (string)hash['q']!,
        Args = (byte[])hash['a']!,
        State = (JobState)Long(hash['s']),
        Attempt = (int)Long(hash['n']),
        MaxAttempts = (int)Long(hash['m']),
        Priority = (int)Long(hash['p']),
        ScheduledAt = Micros.ToTime(Long(hash['d'])),
        CreatedAt = Micros.ToTime(Long(hash['c'])),
        AttemptedAt = Time(hash, 't'),
        FinalizedAt = Time(hash, 'f'),
        LeaseOwner = hash.TryGetValue('o', out var owner) ? (string?)owner : null,
        LeaseExpiresAt = Time(hash, 'l'),
        UniqueKey = hash.TryGetValue('u', out var key) ? (string?)key : null,
        Errors = hash.TryGetValue('e', out var errors) ? Errors((byte[])errors!) : [],
        Tags = hash.TryGetValue('g', out var tags) ? JsonSerializer.Deserialize<string[]>((byte[])tags!, ConveyorJson.Options) ?? [] : [],
        CancelRequestedAt = Time(hash, 'x'),
    };

    private static List<AttemptError> Errors(byte[] lines)
    {
        var errors = new List<AttemptError>();
        foreach (var line in Encoding.UTF8.GetString(lines).Split('\n'))
        {
            errors.Add(JsonSerializer.Deserialize<AttemptError>(line, ConveyorJson.Options)!);
        }

        return errors;
    }

    private static long Long(RedisResult value) => long.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);

    private static DateTimeOffset? Time(Dictionary<char, RedisResult> hash, char field) =>
        hash.TryGetValue(field, out var value) ? Micros.ToTime(Long(value)) : null;
}
