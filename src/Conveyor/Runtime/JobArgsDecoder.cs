using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Conveyor.Runtime;

/// <summary>
/// Turns a fetched job's stored arguments into its registered args type, or says why it cannot. Never throws, whatever
/// the bytes: a payload written around the client (by hand, by a foreign producer, by a bug) ends as an undecodable job
/// with this reason, never as a crashed worker or a job that is fetched forever. The type always comes from the job's
/// kind, never from the payload.
/// </summary>
internal static class JobArgsDecoder
{
    private static readonly string[] MetadataNames = ["$type", "$id", "$ref", "$values"];

    /// <summary>Decodes <paramref name="job"/>'s arguments; false with the reason when the job cannot run.</summary>
    /// <param name="registration">The registration of the job's kind.</param>
    /// <param name="job">The job as the store read it.</param>
    /// <param name="maxArgsBytes">The cap the client enforces at enqueue (<see cref="ConveyorOptions.MaxArgsBytes"/>).</param>
    /// <param name="args">The decoded arguments, of <see cref="JobRegistration.ArgsType"/>.</param>
    /// <param name="error">Why the job cannot run; empty when it can.</param>
    public static bool TryDecode(JobRegistration registration, JobRecord job, int maxArgsBytes, out object args, out string error)
    {
        args = null!;
        if (job.DecodeError is { } stored)
        {
            error = $"The stored record of '{job.Kind}' cannot be read: {stored}";
            return false;
        }

        var problem = Refusal(job.Args.Span, maxArgsBytes);
        if (problem is null)
        {
            try
            {
                problem = RootMetadata(registration, job.Args.Span);
                if (problem is null)
                {
                    args = registration.Deserialize(job.Args, ConveyorJson.Options);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The serializer's JsonException, and whatever an args type's own constructor throws: either way these
                // arguments cannot become the args object, and no retry will change that.
                problem = ex.Message;
            }
        }

        error = problem is null ? string.Empty : $"Malformed arguments for '{job.Kind}' ({registration.ArgsType.Name}): {problem}";
        return problem is null;
    }

    /// <summary>Payloads refused before parsing: over the enqueue cap, or not UTF-8 (RFC 8259 JSON is UTF-8).</summary>
    private static string? Refusal(ReadOnlySpan<byte> json, int maxArgsBytes)
    {
        if (json.Length > maxArgsBytes)
        {
            return $"{json.Length:N0} bytes, over the cap of {maxArgsBytes:N0} bytes (ConveyorOptions.MaxArgsBytes) that the client enforces at enqueue.";
        }

        // The serializer skips the bytes of members it does not map unchecked, so check them all here.
        return Utf8.IsValid(json) ? null : $"not UTF-8: an invalid byte sequence at offset {FirstInvalidUtf8(json):N0}.";
    }

    /// <summary>
    /// Serializer metadata (<c>$type</c>, <c>$id</c>…) at the payload's root, unless the args type declares it (a
    /// polymorphic args type's discriminator). Conveyor never takes a type from a payload, so the serializer would skip
    /// it; refusing the job says so instead of running it without what its producer meant.
    /// </summary>
    private static string? RootMetadata(JobRegistration registration, ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\"$"u8) < 0 && json.IndexOf("\"\\u0024"u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            foreach (var name in MetadataNames)
            {
                if (reader.ValueTextEquals(name) && !Declares(registration.ArgsType, name))
                {
                    return $"serializer metadata '{name}' at the root. Conveyor never takes a type or a reference from a payload: "
                        + $"'{registration.Kind}' always decodes as {registration.ArgsType.Name}, so this payload was written for another serializer.";
                }
            }

            reader.Skip();
        }

        return null;
    }

    private static bool Declares(Type argsType, string name)
    {
        var info = ConveyorJson.Options.GetTypeInfo(argsType);
        return info.PolymorphismOptions?.TypeDiscriminatorPropertyName == name || info.Properties.Any(p => p.Name == name);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> json)
    {
        var offset = 0;
        while (Rune.DecodeFromUtf8(json[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            offset += consumed;
        }

        return offset;
    }
}
