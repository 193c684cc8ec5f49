using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor;

/// <summary>
/// One registered job kind: how to decode its arguments and which handler runs it. A subscriber registration
/// (fan-out) has its own kind, <c>event_kind:subscriber</c>, so each subscriber retries on its own.
/// </summary>
public sealed class JobRegistration
{
    private readonly Func<IServiceProvider, object, JobContext, CancellationToken, Task> _invoke;

    private JobRegistration(string kind, Type argsType, Type handlerType, string? eventKind, JobTypeOptions options,
        Func<IServiceProvider, object, JobContext, CancellationToken, Task> invoke)
    {
        Kind = kind;
        ArgsType = argsType;
        HandlerType = handlerType;
        EventKind = eventKind;
        Options = options;
        _invoke = invoke;
    }

    /// <summary>The stored kind.</summary>
    public string Kind { get; }

    /// <summary>The arguments' CLR type (never stored).</summary>
    public Type ArgsType { get; }

    /// <summary>The handler's CLR type (never stored).</summary>
    public Type HandlerType { get; }

    /// <summary>For a fan-out subscriber, the event's kind; otherwise null.</summary>
    public string? EventKind { get; }

    /// <summary>Queue, retry and time-limit settings.</summary>
    public JobTypeOptions Options { get; }

    /// <summary>Registers <typeparamref name="THandler"/> for the kind of <typeparamref name="TArgs"/>.</summary>
    public static JobRegistration ForHandler<TArgs, THandler>(JobTypeOptions options)
        where TArgs : IJobArgs
        where THandler : class, IJobHandler<TArgs> =>
        new(TArgs.Kind, typeof(TArgs), typeof(THandler), eventKind: null, options, Invoke<TArgs, THandler>);

    /// <summary>Registers <typeparamref name="THandler"/> as subscriber <paramref name="name"/> of event <typeparamref name="TEvent"/>.</summary>
    public static JobRegistration ForSubscriber<TEvent, THandler>(string name, JobTypeOptions options)
        where TEvent : IJobArgs
        where THandler : class, IJobHandler<TEvent>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new($"{TEvent.Kind}:{name}", typeof(TEvent), typeof(THandler), TEvent.Kind, options, Invoke<TEvent, THandler>);
    }

    /// <summary>
    /// Decodes the arguments. Throws <see cref="JsonException"/> for malformed JSON or JSON that is null,
    /// <see cref="InvalidOperationException"/> for invalid UTF-8, and whatever the args type's constructor throws;
    /// the worker decodes through <c>JobArgsDecoder</c>, which turns each into a reason.
    /// </summary>
    public object Deserialize(ReadOnlyMemory<byte> args, JsonSerializerOptions json) =>
        JsonSerializer.Deserialize(args.Span, ArgsType, json)
        ?? throw new JsonException($"The arguments of kind '{Kind}' are JSON null.");

    /// <summary>Resolves the handler from <paramref name="services"/> and runs it.</summary>
    public Task InvokeAsync(IServiceProvider services, object args, JobContext context, CancellationToken ct) =>
        _invoke(services, args, context, ct);

    private static Task Invoke<TArgs, THandler>(IServiceProvider services, object args, JobContext context, CancellationToken ct)
        where TArgs : IJobArgs
        where THandler : class, IJobHandler<TArgs> =>
        services.GetRequiredService<THandler>().HandleAsync((TArgs)args, context, ct);
}
