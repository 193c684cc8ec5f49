namespace Conveyor.Chaos.Tests.Decoding;

/// <summary>
/// A type that payloads name in <c>$type</c> hints. Nothing in Conveyor may ever construct it from a payload: no args
/// type refers to it, so its counter stays 0 unless a decoder honoured a type name.
/// </summary>
public sealed class Canary
{
    private static int _constructed;

    public Canary() => Interlocked.Increment(ref _constructed);

    /// <summary>How many times any code constructed a canary in this test process.</summary>
    public static int Constructed => Volatile.Read(ref _constructed);

    /// <summary>The assembly-qualified name a type hint would carry.</summary>
    public static string TypeName => typeof(Canary).AssemblyQualifiedName!;
}
