using System.Text;
using StackExchange.Redis;

namespace Conveyor.Chaos.Tests.Fuzzing;

/// <summary>
/// A job hash as one byte string, so the mutator can damage names, values and structure alike and a failure can be
/// replayed from one base64 string: fields separated by 0x1E, a name from its value by the first 0x1F.
/// </summary>
public static class HashInput
{
    private const byte FieldSeparator = 0x1E;
    private const byte NameSeparator = 0x1F;

    public static byte[] Encode(IEnumerable<(string Name, string Value)> fields) =>
        [.. fields.SelectMany(f => Encoding.UTF8.GetBytes(f.Name).Append(NameSeparator).Concat(Encoding.UTF8.GetBytes(f.Value)).Append(FieldSeparator))];

    public static HashEntry[] Decode(byte[] input)
    {
        var entries = new List<HashEntry>();
        foreach (var field in Split(input, FieldSeparator))
        {
            var cut = Array.IndexOf(field, NameSeparator);
            if (cut >= 0)
            {
                entries.Add(new HashEntry(field[..cut], field[(cut + 1)..]));
            }
        }

        return [.. entries];
    }

    private static IEnumerable<byte[]> Split(byte[] input, byte separator)
    {
        var start = 0;
        for (var i = 0; i <= input.Length; i++)
        {
            if (i == input.Length || input[i] == separator)
            {
                if (i > start)
                {
                    yield return input[start..i];
                }

                start = i + 1;
            }
        }
    }
}
