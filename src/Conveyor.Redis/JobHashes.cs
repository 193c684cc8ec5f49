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

    /// <summary>A job from a field/value list; when a field repeats, the last value wins; an empty value is no value.</summary>
    public static JobRecord Read(RedisResult[] fields)
    {
        var hash = new Hash();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            hash.Set(((string)fields[i]!)[0], (RedisValue)fields[i + 1]);
        }

        return hash.ToRecord();
    }

    /// <summary>A job from its hash's entries.</summary>
    public static JobRecord Read(HashEntry[] entries)
    {
        var hash = new Hash();
        foreach (var entry in entries)
        {
            hash.Set(((string)entry.Name!)[0], entry.Value);
        }

        return hash.ToRecord();
    }

    private static List<AttemptError> Errors(byte[] lines)
    {
        var errors = new List<AttemptError>();
        foreach (var line in Encoding.UTF8.GetString(lines).Split('\n'))
        {
            errors.Add(JsonSerializer.Deserialize<AttemptError>(line, ConveyorJson.Options)!);
        }

        return errors;
    }

    /// <summary>The fields of one job hash, by their one-letter names (see <c>Scripts/_common.lua</c>).</summary>
    private struct Hash
    {
        private RedisValue _id, _kind, _queue, _args, _state, _attempt, _max, _priority, _due, _created;
        private RedisValue _attempted, _finalized, _owner, _lease, _key, _errors, _tags, _cancel;

        public void Set(char field, RedisValue value)
        {
            switch (field)
            {
                case 'i': _id = value; break;
                case 'k': _kind = value; break;
                case 'q': _queue = value; break;
                case 'a': _args = value; break;
                case 's': _state = value; break;
                case 'n': _attempt = value; break;
                case 'm': _max = value; break;
                case 'p': _priority = value; break;
                case 'd': _due = value; break;
                case 'c': _created = value; break;
                case 't': _attempted = value; break;
                case 'f': _finalized = value; break;
                case 'o': _owner = value; break;
                case 'l': _lease = value; break;
                case 'u': _key = value; break;
                case 'e': _errors = value; break;
                case 'g': _tags = value; break;
                case 'x': _cancel = value; break;
            }
        }

        public readonly JobRecord ToRecord() => new()
        {
            Id = (long)_id,
            Kind = _kind!,
            Queue = _queue!,
            Args = (byte[])_args!,
            State = (JobState)(int)_state,
            Attempt = (int)_attempt,
            MaxAttempts = (int)_max,
            Priority = (int)_priority,
            ScheduledAt = Micros.ToTime((long)_due),
            CreatedAt = Micros.ToTime((long)_created),
            AttemptedAt = Time(_attempted),
            FinalizedAt = Time(_finalized),
            LeaseOwner = _owner.IsNullOrEmpty ? null : (string?)_owner,
            LeaseExpiresAt = Time(_lease),
            UniqueKey = _key.IsNullOrEmpty ? null : (string?)_key,
            Errors = _errors.IsNullOrEmpty ? [] : Errors((byte[])_errors!),
            Tags = _tags.IsNullOrEmpty ? [] : JsonSerializer.Deserialize<string[]>((byte[])_tags!, ConveyorJson.Options) ?? [],
            CancelRequestedAt = Time(_cancel),
        };

        private static DateTimeOffset? Time(RedisValue value) => value.IsNullOrEmpty ? null : Micros.ToTime((long)value);
    }
}
