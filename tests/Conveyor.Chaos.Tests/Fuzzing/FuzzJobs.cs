using System.Text.Json.Serialization;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>An args type with a member of most kinds the serializer converts, each a place a mutant can break.</summary>
public sealed record TypedJob(
    int Id,
    string Name,
    DateTimeOffset At,
    decimal Amount,
    double Ratio,
    bool Flag,
    Guid Ref,
    TimeSpan Wait,
    TypedMode Mode,
    List<string> Tags,
    Dictionary<string, int> Counts,
    long[] Values,
    TypedInner? Inner,
    Uri? Link) : IJobArgs
{
    public static string Kind => "fuzz_typed";
}

/// <summary>A nested member.</summary>
public sealed record TypedInner(int Depth, TypedInner? Next, char Letter, byte Small);

/// <summary>An enum member, read as a number or (with the converter) a name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TypedMode>))]
public enum TypedMode
{
    Fast,
    Careful,
}

/// <summary>A polymorphic args type: its own <c>$type</c> discriminator picks one of a closed set of types.</summary>
[JsonPolymorphic]
[JsonDerivedType(typeof(CircleJob), "circle")]
[JsonDerivedType(typeof(SquareJob), "square")]
public abstract record ShapeJob : IJobArgs
{
    public static string Kind => "fuzz_shape";
}

/// <summary>One shape.</summary>
public sealed record CircleJob(double Radius) : ShapeJob;

/// <summary>Another shape.</summary>
public sealed record SquareJob(double Side) : ShapeJob;

/// <summary>Never runs: the fuzzers only decode.</summary>
public sealed class NeverRuns : IJobHandler<TypedJob>, IJobHandler<ShapeJob>
{
    public Task HandleAsync(TypedJob args, JobContext context, CancellationToken ct) => throw new InvalidOperationException("The fuzzers only decode.");

    public Task HandleAsync(ShapeJob args, JobContext context, CancellationToken ct) => throw new InvalidOperationException("The fuzzers only decode.");
}
