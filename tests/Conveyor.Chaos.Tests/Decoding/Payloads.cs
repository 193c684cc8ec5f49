using System.Text;

namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// Arguments no Conveyor client would write (it serializes a typed args object and caps its size), and arguments
/// that look suspicious but are plain data that must run.
/// </summary>
public static class Payloads
{
    /// <summary>The size of the oversized payload: 10 MB, forty times the default cap of 256 KiB.</summary>
    public const int OversizedBytes = 10_000_000;

    /// <summary>Nesting depth of the deep payloads (the serializer's limit is 64).</summary>
    public const int Depth = 10_000;

    private const string Malformed = "Malformed arguments for 'chaos_decoding_payload' (PayloadJob)";

    /// <summary>Rows that must end Discarded as undecodable, with <see cref="PayloadCase.Reason"/> in the reason.</summary>
    public static IReadOnlyList<PayloadCase> Undecodable { get; } =
    [
        Case("invalid JSON: unterminated array", Malformed, "{\"data\": [1, 2"),
        Case("invalid JSON: bare word", Malformed, "{\"data\": tru}"),
        Case("invalid JSON: empty", Malformed, ""),
        Case("JSON null", "JSON null", "null"),
        Case("wrong shape: array", Malformed, "[1, 2]"),
        Case("byte-order mark", Malformed, [0xEF, 0xBB, 0xBF, .. Utf8("{\"data\":1}")]),
        Case("truncated UTF-8 in a value", "not UTF-8", [.. Utf8("{\"data\":\"caf"), 0xC3, .. Utf8("\"}")]),
        Case("truncated UTF-8 at the end", "not UTF-8", [.. Utf8("{\"data\":\""), 0xE2, 0x82]),
        Case("invalid UTF-8 in a member no type maps", "not UTF-8", [.. Utf8("{\"other\":\""), 0xFF, 0xFE, .. Utf8("\",\"data\":1}")]),
        Case("NUL byte in a string", "0x00", "{\"data\":\"a\0b\"}"),
        Case("NUL byte after the value", "0x00", "{\"data\":1}\0"),
        Case("NUL bytes only", "0x00", "\0\0\0\0"),
        Case($"{Depth:N0}-deep arrays", "depth", "{\"data\":" + new string('[', Depth) + new string(']', Depth) + "}"),
        Case($"{Depth:N0}-deep objects", "depth", string.Concat(Enumerable.Repeat("{\"data\":", Depth)) + "1" + new string('}', Depth)),
        Case("10 MB of arguments", "over the cap", "{\"data\":\"" + new string('x', OversizedBytes - 11) + "\"}"),
        Case("$type hint naming the canary", "'$type'", $"{{\"$type\":\"{Canary.TypeName}\",\"data\":1}}"),
        Case("$type hint after a member", "'$type'", $"{{\"data\":1,\"$type\":\"{Canary.TypeName}\"}}"),
        Case("$type hint escaped", "'$type'", $"{{\"\\u0024type\":\"{Canary.TypeName}\",\"data\":1}}"),
        Case("$ref reference", "'$ref'", "{\"$ref\":\"1\"}"),
        Case("args constructor throws", "Count must not be negative", "{\"count\":-1}") with { Kind = GuardedJob.Kind },
    ];

    /// <summary>Payloads that look odd but are valid data for <see cref="PayloadJob"/>: they must run.</summary>
    public static IReadOnlyList<PayloadCase> Runnable { get; } =
    [
        Case("plain", "", "{\"data\":1}"),
        Case("$type inside data is data", "", $"{{\"data\":{{\"$type\":\"{Canary.TypeName}\"}},\"extra\":{{\"$type\":\"{Canary.TypeName}\",\"x\":1}}}}"),
        Case("escaped NUL", "", "{\"data\":\"a\\u0000b\"}"),
        Case("unicode", "", "{\"data\":\"\u00e9\u4e2d\ud83d\ude00\"}"),
        Case("nested within the limit", "", "{\"data\":" + new string('[', 60) + new string(']', 60) + "}"),
        Case("args constructor accepts", "", "{\"count\":1}") with { Kind = GuardedJob.Kind },
    ];

    /// <summary>Valid arguments numbered <paramref name="n"/>.</summary>
    public static byte[] Valid(int n) => Utf8($"{{\"data\":{{\"n\":{n}}}}}");

    private static PayloadCase Case(string name, string reason, string json) => new(name, Utf8(json), reason);

    private static PayloadCase Case(string name, string reason, byte[] args) => new(name, args, reason);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
