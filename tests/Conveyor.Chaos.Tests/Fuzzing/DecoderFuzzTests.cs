using System.Text;
using Conveyor.Chaos.Tests.Decoding;
using Conveyor.Redis;
using Conveyor.Runtime;
using StackExchange.Redis;
using Xunit;
using Xunit.Abstractions;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>
/// Fault-suite item 16: mutation fuzzing of the decoders a worker runs on stored bytes — the arguments, through the
/// job registration path the executor uses, and each store's pure record decoding (the Redis job hash, and the errors
/// and tags JSON that SQLite, PostgreSQL and Redis all keep). Their contract is to never throw and never hang: every
/// input is either decoded or refused with a reason. Budgets and replay: see <see cref="FuzzSettings"/>.
/// </summary>
public sealed class DecoderFuzzTests(ITestOutputHelper output)
{
    private const int MaxArgsBytes = 256 * 1024;

    private static readonly JobRegistration[] Registrations =
    [
        JobRegistration.ForHandler<PayloadJob, PayloadHandler>(new JobTypeOptions()),
        JobRegistration.ForHandler<GuardedJob, GuardedHandler>(new JobTypeOptions()),
        JobRegistration.ForHandler<TypedJob, NeverRuns>(new JobTypeOptions()),
        JobRegistration.ForHandler<ShapeJob, NeverRuns>(new JobTypeOptions()),
    ];

    private static readonly JobRecord Fetched = new()
    {
        Id = 12, Kind = "", Queue = "default", Args = default, State = JobState.Running, Attempt = 1, MaxAttempts = 3, Priority = 0,
        ScheduledAt = DateTimeOffset.UnixEpoch, CreatedAt = DateTimeOffset.UnixEpoch, LeaseOwner = "node-1",
    };

    [Fact]
    public async Task ArgsDecoder_DecodesOrRefusesWithAReason_EveryMutatedPayload()
    {
        var run = await FuzzRun.RunAsync("ArgsDecoder", FuzzCorpus.Args, DecodeArgs, FuzzSettings.FromEnvironment(ciInputs: 40_000));

        Report(run);
        Assert.Equal(0, Canary.Constructed);
    }

    [Fact]
    public async Task RedisJobHash_IsReadWithoutThrowing_WhateverItsFields()
    {
        Report(await FuzzRun.RunAsync("RedisJobHash", FuzzCorpus.RedisHashes, ReadHash, FuzzSettings.FromEnvironment(ciInputs: 50_000)));
    }

    [Fact]
    public async Task StoredJobJson_IsReadWithoutThrowing_WhateverItsErrorsAndTags()
    {
        Report(await FuzzRun.RunAsync("StoredJobJson", FuzzCorpus.StoredJson, ReadStoredJson, FuzzSettings.FromEnvironment(ciInputs: 70_000)));
    }

    /// <summary>Every registration decodes the input to its own args type or refuses it with a reason naming the kind.</summary>
    private static bool DecodeArgs(byte[] input)
    {
        var accepted = false;
        foreach (var registration in Registrations)
        {
            var decoded = JobArgsDecoder.TryDecode(registration, Fetched with { Kind = registration.Kind, Args = input }, MaxArgsBytes, out var args, out var error);
            Require(
                decoded ? registration.ArgsType.IsInstanceOfType(args) && error.Length == 0 : error.StartsWith($"Malformed arguments for '{registration.Kind}'", StringComparison.Ordinal),
                $"{registration.Kind}: decoded {decoded}, args {args?.GetType().Name ?? "null"}, error \"{error}\"");
            accepted |= decoded;
        }

        Require(Canary.Constructed == 0, "a type named by the payload was built");
        return accepted;
    }

    /// <summary>Both forms the store reads (HGETALL entries, a script's field list) give a record a worker can rely on.</summary>
    private static bool ReadHash(byte[] input)
    {
        var entries = HashInput.Decode(input);
        var fromEntries = JobHashes.Read(entries);
        var fromScript = JobHashes.Read([.. entries.SelectMany(e => new[] { RedisResult.Create(e.Name), RedisResult.Create(e.Value) })]);
        RequireUsable(fromEntries);
        RequireUsable(fromScript);
        Require(fromEntries.DecodeError == fromScript.DecodeError, $"the two forms disagree: \"{fromEntries.DecodeError}\" and \"{fromScript.DecodeError}\"");
        return fromEntries.DecodeError is null;
    }

    private static bool ReadStoredJson(byte[] input)
    {
        // The stores hand the readers text: SQLite and Npgsql decode the column, StackExchange.Redis the value.
        var text = Encoding.UTF8.GetString(input);
        string? arrayProblems = null, lineProblems = null, tagProblems = null;
        var errors = StoredJobJson.Errors(text, "errors", ref arrayProblems).Concat(StoredJobJson.ErrorLines(text, "e", ref lineProblems)).ToList();
        var tags = StoredJobJson.Tags(text, "tags", ref tagProblems);
        Require(errors.TrueForAll(e => e is { ExceptionType: not null, Message: not null }), "an error without a type or a message");
        Require(tags.All(t => t is not null), "a null tag");
        return arrayProblems is null || lineProblems is null || tagProblems is null;
    }

    private static void RequireUsable(JobRecord job)
    {
        Require(job.Kind is not null && job.Queue is not null, "a null kind or queue");
        Require(Enum.IsDefined(job.State), $"state {(int)job.State}");
        Require(
            job.State == JobState.Discarded || job.DecodeError?.Contains("s (state)", StringComparison.Ordinal) != true,
            $"a state that cannot be read shown as {job.State}, which a worker or an operator would act on");
        Require(job.Errors.All(e => e is { ExceptionType: not null, Message: not null }), "an error without a type or a message");
        Require(job.Tags.All(t => t is not null), "a null tag");
    }

    private static void Require(bool condition, string broken)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Broken promise: " + broken);
        }
    }

    private void Report(FuzzRun run)
    {
        output.WriteLine(run.ToString());
        Assert.True(run.Failure is null, run.Failure);
        Assert.True(run.Inputs > 0, "No input ran.");
    }
}
