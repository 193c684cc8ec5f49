using System.Globalization;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>
/// How the decoder fuzzers run, from the environment. By default (CI) a fixed seed and a fixed number of inputs per
/// target, about 4 s each on a loaded 2-core machine; <c>CONVEYOR_CHAOS_TIER=full</c> runs ten times as many.
/// Longer runs, any seed:
/// <code>CONVEYOR_FUZZ_SECONDS=600 CONVEYOR_FUZZ_SEED=7 dotnet test tests/Conveyor.Chaos.Tests --filter "FullyQualifiedName~Fuzzing"</code>
/// (the seconds are per target). A failure prints its target, seed, input number and the input in base64; replay it:
/// <code>CONVEYOR_FUZZ_INPUT=&lt;base64&gt; dotnet test tests/Conveyor.Chaos.Tests --filter "FullyQualifiedName~Fuzzing.DecoderFuzzTests.&lt;test&gt;"</code>
/// </summary>
public sealed record FuzzSettings
{
    /// <summary>The seed when <c>CONVEYOR_FUZZ_SEED</c> is not set.</summary>
    public const int DefaultSeed = 20_240_612;

    /// <summary>An input that runs longer than this is a hang.</summary>
    public static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(2);

    /// <summary>The seed every input is derived from (with its number).</summary>
    public required int Seed { get; init; }

    /// <summary>How many inputs to run, unless <see cref="Duration"/> is set.</summary>
    public required int Inputs { get; init; }

    /// <summary>How long to run instead of a number of inputs (<c>CONVEYOR_FUZZ_SECONDS</c>).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>One input to run alone (<c>CONVEYOR_FUZZ_INPUT</c>, base64), to replay a failure.</summary>
    public byte[]? Replay { get; init; }

    /// <summary>The settings for a target whose CI budget is <paramref name="ciInputs"/> inputs.</summary>
    public static FuzzSettings FromEnvironment(int ciInputs) => new()
    {
        Seed = Variable("CONVEYOR_FUZZ_SEED") is { } seed ? int.Parse(seed, CultureInfo.InvariantCulture) : DefaultSeed,
        Inputs = Harness.ChaosTier.Pick(ciInputs, ciInputs * 10),
        Duration = Variable("CONVEYOR_FUZZ_SECONDS") is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)) : null,
        Replay = Variable("CONVEYOR_FUZZ_INPUT") is { } input ? Convert.FromBase64String(input) : null,
    };

    private static string? Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
