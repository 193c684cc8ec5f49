using System.Diagnostics;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>
/// One fuzzing run of one target: inputs derived from a seed corpus by <see cref="Mutator"/> go through
/// <c>check</c> on a thread of their own, watched from the test's thread, until the budget is spent, an input throws
/// (a crash) or an input runs past <see cref="FuzzSettings.PerInputLimit"/> (a hang). The check returns whether the
/// decoder accepted the input (for the figures) and throws on anything a caller could not rely on.
/// </summary>
public sealed class FuzzRun
{
    private readonly string _target;
    private readonly FuzzSettings _settings;
    private Running? _running;
    private long _inputs;
    private long _accepted;
    private (long Number, byte[] Input, Exception Error)? _crash;

    private FuzzRun(string target, FuzzSettings settings)
    {
        _target = target;
        _settings = settings;
    }

    /// <summary>Inputs run to the end.</summary>
    public long Inputs => Interlocked.Read(ref _inputs);

    /// <summary>Inputs the decoder accepted (the others it refused, as it should for most mutants).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    public TimeSpan Elapsed { get; private set; }

    /// <summary>What failed, with everything needed to replay it; null when nothing did.</summary>
    public string? Failure { get; private set; }

    public static async Task<FuzzRun> RunAsync(string target, IReadOnlyList<byte[]> corpus, Func<byte[], bool> check, FuzzSettings settings)
    {
        var run = new FuzzRun(target, settings);
        var clock = Stopwatch.StartNew();
        var thread = new Thread(() => run.Loop(corpus, check, clock)) { IsBackground = true, Name = "fuzz " + target };
        thread.Start();
        while (thread.IsAlive)
        {
            if (Volatile.Read(ref run._running) is { } running && clock.Elapsed - running.Since > FuzzSettings.PerInputLimit)
            {
                // The thread cannot be stopped; it is a background thread and the test fails with the input.
                run.Failure = run.Describe("hang", running.Number, running.Input, $"still running after {clock.Elapsed - running.Since}");
                break;
            }

            await Task.Delay(20);
        }

        run.Elapsed = clock.Elapsed;
        if (run._crash is var (number, input, error))
        {
            run.Failure = run.Describe("crash", number, input, error.ToString());
        }

        return run;
    }

    /// <summary>The run's figures in one line.</summary>
    public override string ToString() =>
        $"{_target}: seed {_settings.Seed}, {Inputs:N0} inputs in {Elapsed.TotalSeconds:F1} s ({Inputs / Math.Max(Elapsed.TotalSeconds, 0.001):N0}/s), "
        + $"{Accepted:N0} accepted, {Inputs - Accepted:N0} refused; crashes {(_crash is null ? 0 : 1)}, hangs {(Failure?.StartsWith("hang", StringComparison.Ordinal) == true ? 1 : 0)}";

    private void Loop(IReadOnlyList<byte[]> corpus, Func<byte[], bool> check, Stopwatch clock)
    {
        for (long number = 0; _settings.Replay is null ? More(number, clock) : number == 0; number++)
        {
            var input = _settings.Replay ?? Mutator.Next(corpus, _settings.Seed, number);
            Volatile.Write(ref _running, new Running(number, input, clock.Elapsed));
            try
            {
                if (check(input))
                {
                    Interlocked.Increment(ref _accepted);
                }
            }
            catch (Exception ex)
            {
                _crash = (number, input, ex);
                return;
            }
            finally
            {
                Volatile.Write(ref _running, null);
            }

            Interlocked.Increment(ref _inputs);
        }
    }

    private bool More(long number, Stopwatch clock) =>
        _settings.Duration is { } duration ? clock.Elapsed < duration : number < _settings.Inputs;

    private string Describe(string kind, long number, byte[] input, string detail) =>
        $"""
        {kind} in {_target}: input {number} of seed {_settings.Seed} ({input.Length} bytes): {detail}
        input (base64): {Convert.ToBase64String(input)}
        input (hex, first 512 bytes): {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 512)))}
        replay: CONVEYOR_FUZZ_INPUT={Convert.ToBase64String(input)} dotnet test tests/Conveyor.Chaos.Tests --filter "FullyQualifiedName~Fuzzing.DecoderFuzzTests.{_target}"
          (or CONVEYOR_FUZZ_SEED={_settings.Seed}: input {number} is derived from the seed alone)
        """;

    private sealed record Running(long Number, byte[] Input, TimeSpan Since);
}
