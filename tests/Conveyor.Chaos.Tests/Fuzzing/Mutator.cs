using System.Text;
using Conveyor.Chaos.Tests.Decoding;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>
/// Derives input number <c>n</c> from a seed corpus with 1–4 mutations: bit flips, byte overwrites, truncations,
/// insertions of random bytes, duplicated or deleted slices, splices of tokens known to upset JSON readers, and
/// crossovers of two seeds. Input <c>n</c> of a seed is always the same bytes, whatever ran before it.
/// </summary>
public static class Mutator
{
    /// <summary>Inputs never grow past this, so one input cannot take the run's whole budget.</summary>
    public const int MaxLength = 64 * 1024;

    private static readonly byte[][] Tricky =
    [
        .. new[]
        {
            "\"$type\"", $"{{\"$type\":\"{Canary.TypeName}\"}}", "\"$id\":\"1\"", "\"$ref\":\"1\"", "\"$values\":[]", "\"\\u0024type\"",
            "\\u0000", "\\uD800", "\\uDFFF", "\\ud83d\\ude00", "\\u", "\\x41", "[[[[[[[[[[[[[[[[", "]]]]]]]]", "{{{{{{{{", "}}}}",
            "{\"a\":", "1e309", "-1e-400", "-0", "9223372036854775808", "-2147483649", "0x1F", "NaN", "Infinity", "01", "1.", ".5",
            "null", "true", "false", ",", ":", "\"", "\\", "\\\"", "/*", "*/", "//", "\n", "\r\n", "\t", " ", "''",
            "\"exceptionType\":", "\"message\":", "\"at\":\"2020-01-01T00:00:00Z\"", "\"at\":\"2020-13-45\"", "\"attempt\":2147483648",
            "\"durationMs\":1e999", "\"data\":", "\"extra\":", "\"count\":-1", "\"kind\":", "9999-12-31T23:59:59.9999999+00:00",
            "0001-01-01T00:00:00-14:00", "\"00000000-0000-0000-0000-00000000000G\"", new string('9', 400), new string('a', 300),
        }.Select(Encoding.UTF8.GetBytes),
        [0x00], [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0xEF, 0xBB, 0xBF], [0x7F], [0x1E], [0x1F], [0x85], [0xE2, 0x80, 0xA8],
    ];

    /// <summary>Input <paramref name="number"/> of <paramref name="seed"/>, mutated from one of <paramref name="corpus"/>.</summary>
    public static byte[] Next(IReadOnlyList<byte[]> corpus, int seed, long number)
    {
        var random = new Random(unchecked((int)(seed * 1_000_003L + number * 7_919L)));
        var input = new List<byte>(corpus[random.Next(corpus.Count)]);
        var mutations = 1 + random.Next(4);
        for (var m = 0; m < mutations; m++)
        {
            Mutate(input, corpus, random);
            if (input.Count > MaxLength)
            {
                input.RemoveRange(MaxLength, input.Count - MaxLength);
            }
        }

        return [.. input];
    }

    private static void Mutate(List<byte> input, IReadOnlyList<byte[]> corpus, Random random)
    {
        var at = random.Next(input.Count + 1);
        switch (random.Next(9))
        {
            case 0 when input.Count > 0:
                input[Math.Min(at, input.Count - 1)] ^= (byte)(1 << random.Next(8));
                break;
            case 1 when input.Count > 0:
                input[Math.Min(at, input.Count - 1)] = (byte)random.Next(256);
                break;
            case 2:
                input.RemoveRange(at, input.Count - at);
                break;
            case 3:
                input.InsertRange(at, Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256)));
                break;
            case 4 when input.Count > 0:
                var (start, length) = Slice(input.Count, random);
                var copies = random.Next(4) == 0 ? 2 + random.Next(200) : 1;
                var slice = input.GetRange(start, length);
                for (var c = 0; c < copies; c++)
                {
                    input.InsertRange(at, slice);
                }

                break;
            case 5 when input.Count > 0:
                var (from, count) = Slice(input.Count, random);
                input.RemoveRange(from, count);
                break;
            case 6:
                var other = corpus[random.Next(corpus.Count)];
                var cut = random.Next(other.Length + 1);
                input.RemoveRange(at, input.Count - at);
                input.AddRange(other.AsSpan(cut).ToArray());
                break;
            case 7 when input.Count > 0:
                var (replaced, span) = Slice(input.Count, random);
                input.RemoveRange(replaced, span);
                input.InsertRange(replaced, Tricky[random.Next(Tricky.Length)]);
                break;
            default:
                input.InsertRange(at, Tricky[random.Next(Tricky.Length)]);
                break;
        }
    }

    private static (int Start, int Length) Slice(int count, Random random)
    {
        var start = random.Next(count);
        return (start, 1 + random.Next(Math.Min(count - start, 64)));
    }
}
