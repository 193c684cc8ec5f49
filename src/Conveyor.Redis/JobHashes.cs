using System.Text.Json;
using Conveyor.Runtime;
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

    /// <summary>
    /// A job from a field/value list; when a field repeats, the last value wins; an empty value is no value; a field
    /// whose name is not one letter is not Conveyor's and is ignored.
    /// </summary>
    public static JobRecord Read(RedisResult[] fields)
    {
        var hash = new Hash();
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            hash.Set((string?)fields[i], (RedisValue)fields[i + 1]);
        }

        return hash.ToRecord();
    }

    /// <summary>A job from its hash's entries.</summary>
    public static JobRecord Read(HashEntry[] entries)
    {
        var hash = new Hash();
        foreach (var entry in entries)
        {
            hash.Set((string?)entry.Name, entry.Value);
        }

        return hash.ToRecord();
    }

    /// <summary>
    /// The fields of one job hash, by their one-letter names (see <c>Scripts/_common.lua</c>). A hash is plain strings
    /// that anyone with access to the server can write, so reading one never throws: a field that cannot be read
    /// keeps a default and is named in <see cref="JobRecord.DecodeError"/>, and the worker discards the job instead
    /// of the fetch failing for every job claimed with it (again on every lease sweep). The scripts that claim a job
    /// return its id from its key, so a claimed job can always be completed.
    /// </summary>
    private struct Hash
    {
        private RedisValue _id, _kind, _queue, _args, _state, _attempt, _max, _priority, _due, _created;
        private RedisValue _attempted, _finalized, _owner, _lease, _key, _errors, _tags, _trace, _ordering, _cancel;
        private RedisValue _percent, _message, _progressAt, _result;

        public void Set(string? name, RedisValue value)
        {
            if (name is not { Length: 1 })
            {
                return;
            }

            switch (name[0])
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
                case 'h': _trace = value; break;
                case 'z': _ordering = value; break;
                case 'x': _cancel = value; break;
                case 'b': _percent = value; break;
                case 'w': _message = value; break;
                case 'y': _progressAt = value; break;
                case 'r': _result = value; break;
            }
        }

        public readonly JobRecord ToRecord()
        {
            string? problems = null;
            var job = new JobRecord
            {
                Id = Int64(_id, "i (id)", ref problems),
                Kind = Text(_kind, "k (kind)", ref problems),
                Queue = Text(_queue, "q (queue)", ref problems),
                Args = _args.IsNull ? ReadOnlyMemory<byte>.Empty : (byte[])_args!,
                State = State(_state, ref problems),
                Attempt = Int32(_attempt, "n (attempt)", ref problems),
                MaxAttempts = Int32(_max, "m (max attempts)", ref problems),
                Priority = Int32(_priority, "p (priority)", ref problems),
                ScheduledAt = Time(_due, "d (due)", ref problems, required: true) ?? DateTimeOffset.UnixEpoch,
                CreatedAt = Time(_created, "c (created)", ref problems, required: true) ?? DateTimeOffset.UnixEpoch,
                AttemptedAt = Time(_attempted, "t (attempted)", ref problems),
                FinalizedAt = Time(_finalized, "f (finalized)", ref problems),
                LeaseOwner = _owner.IsNullOrEmpty ? null : (string?)_owner,
                LeaseExpiresAt = Time(_lease, "l (lease expiry)", ref problems),
                UniqueKey = _key.IsNullOrEmpty ? null : (string?)_key,
                Errors = _errors.IsNullOrEmpty ? [] : StoredJobJson.ErrorLines((string)_errors!, "e (errors)", ref problems),
                Tags = _tags.IsNullOrEmpty ? [] : StoredJobJson.Tags((string)_tags!, "g (tags)", ref problems),
                TraceParent = _trace.IsNullOrEmpty ? null : (string?)_trace,
                OrderingKey = _ordering.IsNullOrEmpty ? null : (string?)_ordering,
                CancelRequestedAt = Time(_cancel, "x (cancel requested)", ref problems),
                Progress = Progress(_percent, _message, _progressAt, ref problems),
                // Typed null: a bare null would convert to an empty ReadOnlyMemory through byte[], not to no result.
                Result = _result.IsNullOrEmpty ? (ReadOnlyMemory<byte>?)null : (byte[])_result!,
            };
            return problems is null ? job : job with { DecodeError = problems };
        }

        /// <summary>A state the hash cannot name is shown as Discarded: it is in no ready set a fetch would take it from.</summary>
        private static JobState State(RedisValue value, ref string? problems)
        {
            if (value.TryParse(out int state) && Enum.IsDefined((JobState)state))
            {
                return (JobState)state;
            }

            StoredJobJson.Note(ref problems, "s (state)", $"'{Shown(value)}' is not a job state");
            return JobState.Discarded;
        }

        /// <summary>The running attempt's progress, or null when the hash has none (no percent).</summary>
        private static JobProgress? Progress(RedisValue percent, RedisValue message, RedisValue at, ref string? problems)
        {
            if (percent.IsNullOrEmpty)
            {
                return null;
            }

            return new JobProgress(
                Int32(percent, "b (progress percent)", ref problems),
                message.IsNullOrEmpty ? null : (string?)message,
                Time(at, "y (progress recorded)", ref problems, required: true) ?? DateTimeOffset.UnixEpoch);
        }

        private static string Text(RedisValue value, string field, ref string? problems)
        {
            if (!value.IsNull)
            {
                return (string)value!;
            }

            StoredJobJson.Note(ref problems, field, "missing");
            return "";
        }

        private static long Int64(RedisValue value, string field, ref string? problems)
        {
            if (value.TryParse(out long number))
            {
                return number;
            }

            StoredJobJson.Note(ref problems, field, value.IsNull ? "missing" : $"'{Shown(value)}' is not an integer");
            return 0;
        }

        private static int Int32(RedisValue value, string field, ref string? problems)
        {
            var number = Int64(value, field, ref problems);
            if (number is >= int.MinValue and <= int.MaxValue)
            {
                return (int)number;
            }

            StoredJobJson.Note(ref problems, field, $"{number} is not a 32-bit integer");
            return 0;
        }

        private static DateTimeOffset? Time(RedisValue value, string field, ref string? problems, bool required = false)
        {
            if (value.IsNullOrEmpty)
            {
                if (required)
                {
                    StoredJobJson.Note(ref problems, field, "missing");
                }

                return null;
            }

            if (value.TryParse(out long micros) && Micros.TryToTime(micros, out var time))
            {
                return time;
            }

            StoredJobJson.Note(ref problems, field, $"'{Shown(value)}' is not a time in Unix microseconds");
            return null;
        }

        private static string Shown(RedisValue value)
        {
            var text = (string?)value ?? "";
            return text.Length <= 40 ? text : text[..40] + "…";
        }
    }
}
