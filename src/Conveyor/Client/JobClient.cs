using System.Text.Json;
using Conveyor.Diagnostics;
using Conveyor.Encryption;
using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.Extensions.Options;

namespace Conveyor;

/// <summary>The default <see cref="IJobClient"/>: validates, serializes and inserts through the store.</summary>
public sealed partial class JobClient : IJobClient
{
    private readonly IJobStore _store;
    private readonly JobRegistry _registry;
    private readonly JobSignal _signal;
    private readonly TimeProvider _time;
    private readonly int _maxArgsBytes;
    private readonly ArgumentsCipher? _cipher;
    private readonly ConveyorMetrics? _metrics;

    /// <summary>
    /// Creates the client; <paramref name="cipher"/> encrypts the arguments of types marked
    /// <see cref="EncryptedArgumentsAttribute"/>, <paramref name="metrics"/> counts what it enqueues.
    /// </summary>
    public JobClient(IJobStore store, JobRegistry registry, JobSignal signal, TimeProvider time, IOptions<ConveyorOptions> options, ArgumentsCipher? cipher = null, ConveyorMetrics? metrics = null)
    {
        _metrics = metrics;
        _store = store;
        _registry = registry;
        _signal = signal;
        _time = time;
        _maxArgsBytes = options.Value.MaxArgsBytes;
        _cipher = cipher;
    }

    /// <inheritdoc />
    public async ValueTask<long> EnqueueAsync<TArgs>(TArgs args, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs =>
        (await InsertAsync([Build(TArgs.Kind, Serialize(args), options, Encrypted<TArgs>())], options, ct).ConfigureAwait(false))[0];

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<long>> EnqueueManyAsync<TArgs>(IEnumerable<TArgs> args, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs
    {
        ArgumentNullException.ThrowIfNull(args);
        var jobs = args.Select(a => Build(TArgs.Kind, Serialize(a), options, Encrypted<TArgs>())).ToList();
        return jobs.Count == 0 ? ValueTask.FromResult<IReadOnlyList<long>>([]) : InsertAsync(jobs, options, ct);
    }

    /// <inheritdoc />
    public ValueTask<long> ScheduleAsync<TArgs>(TArgs args, TimeSpan delay, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs =>
        ScheduleAsync(args, _time.GetUtcNow() + delay, options, ct);

    /// <inheritdoc />
    public ValueTask<long> ScheduleAsync<TArgs>(TArgs args, DateTimeOffset at, EnqueueOptions? options = null, CancellationToken ct = default)
        where TArgs : IJobArgs =>
        EnqueueAsync(args, (options ?? new EnqueueOptions()) with { ScheduledAt = at }, ct);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<long>> PublishAsync<TEvent>(TEvent @event, EnqueueOptions? options = null, CancellationToken ct = default)
        where TEvent : IJobArgs
    {
        var subscribers = _registry.SubscribersOf(typeof(TEvent));
        if (subscribers.Count == 0)
        {
            throw new InvalidOperationException($"Event '{TEvent.Kind}' has no subscribers; register them with Subscribe<{typeof(TEvent).Name}, THandler>(name).");
        }

        var json = Serialize(@event);
        var jobs = subscribers.Select(s => Build(s.Kind, json, options, Encrypted<TEvent>())).ToList();
        return InsertAsync(jobs, options, ct);
    }

    /// <inheritdoc />
    public async ValueTask<long> EnqueueRawAsync(string kind, ReadOnlyMemory<byte> argsJson, EnqueueOptions? options = null, CancellationToken ct = default)
    {
        RequireJson(kind, argsJson);

        return (await InsertAsync([Build(kind, argsJson, options, encrypt: false)], options, ct).ConfigureAwait(false))[0];
    }

    /// <summary>Refuses a blank kind or arguments that are not JSON, for the raw (by kind name) ways in.</summary>
    internal static void RequireJson(string kind, ReadOnlyMemory<byte> argsJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        try
        {
            using var _ = JsonDocument.Parse(argsJson);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The arguments for '{kind}' are not valid JSON: {ex.Message}", nameof(argsJson), ex);
        }
    }

    internal static ReadOnlyMemory<byte> Serialize<TArgs>(TArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return JsonSerializer.SerializeToUtf8Bytes(args, ConveyorJson.Options);
    }

    internal static bool Encrypted<TArgs>() => typeof(TArgs).IsDefined(typeof(EncryptedArgumentsAttribute), inherit: false);

    private NewJob Build(string kind, ReadOnlyMemory<byte> json, EnqueueOptions? options, bool encrypt)
    {
        var registration = _registry.Find(kind);
        var type = registration?.Options;
        var queue = QueueNames.Validate(options?.Queue ?? type?.Queue ?? QueueNames.Default, nameof(EnqueueOptions.Queue));
        var orderingKey = type?.RunOrder is { } order ? order.KeyFor(kind, Decode(registration!, json)) : null;
        if (encrypt)
        {
            json = (_cipher ?? throw new InvalidOperationException($"The arguments of '{kind}' are marked [EncryptedArguments], but no key is set: call c.EncryptArguments(e => e.EncryptWith(keyId, publicKeyPem)).")).Encrypt(kind, queue, json.Span);
        }

        if (json.Length > _maxArgsBytes)
        {
            throw new ArgumentException(
                $"The arguments of '{kind}' are {json.Length:N0} bytes, over the cap of {_maxArgsBytes:N0} bytes (ConveyorOptions.MaxArgsBytes). Pass ids, not objects.",
                nameof(json));
        }

        var maxAttempts = options?.MaxAttempts ?? type?.Retry.MaxAttempts ?? RetryPolicy.Default.MaxAttempts;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1, nameof(EnqueueOptions.MaxAttempts));
        return new NewJob
        {
            Kind = kind,
            Queue = queue,
            Args = json,
            MaxAttempts = maxAttempts,
            Priority = options?.Priority ?? type?.Priority ?? 0,
            ScheduledAt = options?.ScheduledAt is { } at && at > _time.GetUtcNow() ? at : null,
            UniqueKey = options?.UniqueKey,
            OrderingKey = orderingKey,
            Tags = options?.Tags ?? [],
        };
    }

    /// <summary>The arguments as the handler will see them, for the ordering key (taken before they are encrypted).</summary>
    private static object Decode(JobRegistration registration, ReadOnlyMemory<byte> json)
    {
        try
        {
            return registration.Deserialize(json, ConveyorJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The arguments of '{registration.Kind}' do not decode as {registration.ArgsType.Name}, so they give no ordering key: {ex.Message}", nameof(json), ex);
        }
    }

    private async ValueTask<IReadOnlyList<long>> InsertAsync(List<NewJob> jobs, EnqueueOptions? options, CancellationToken ct)
    {
        using var activity = ConveyorTracing.StartEnqueue(jobs);
        jobs = ConveyorTracing.WithTraceParent(jobs, activity);
        var result = await _store.InsertAsync(new InsertJobsRequest { Jobs = jobs, Transaction = options?.Transaction }, ct).ConfigureAwait(false);
        _metrics?.Enqueued(jobs, result.Jobs);
        if (options?.Transaction is null)
        {
            Wake(jobs);
        }

        return result.Jobs.Select(j => j.Id).ToList();
    }

    /// <summary>Wakes this process's producers for the queues of the jobs that are due now.</summary>
    private void Wake(IEnumerable<NewJob> jobs)
    {
        foreach (var queue in jobs.Where(j => j.ScheduledAt is null).Select(j => j.Queue).Distinct())
        {
            _signal.Raise(queue);
        }
    }
}
