using System.Text.Json;
using Conveyor.Health;
using Conveyor.Recurring;
using Conveyor.Runtime;
using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conveyor;

/// <summary>Configures Conveyor inside <c>services.AddConveyor(c => …)</c>: the store, handlers, subscribers, queues.</summary>
public sealed class ConveyorBuilder
{
    internal ConveyorBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for store packages' extension methods.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Uses <typeparamref name="TStore"/> as the job store. Whatever else it implements (<see cref="IJobAdminStore"/>,
    /// <see cref="IStoreMigrator"/>, <see cref="INotifier"/>, <see cref="IScheduleStore"/>, <see cref="IBatchStore"/>, <see cref="IStatsStore"/>, <see cref="IAlertStore"/>) is registered too. The last call wins.
    /// </summary>
    public ConveyorBuilder UseStore<TStore>(Func<IServiceProvider, TStore> factory)
        where TStore : class, IJobStore
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<IJobStore>();
        Services.RemoveAll<IJobAdminStore>();
        Services.RemoveAll<IStoreMigrator>();
        Services.RemoveAll<INotifier>();
        Services.RemoveAll<IScheduleStore>();
        Services.RemoveAll<IBatchStore>();
        Services.RemoveAll<IStatsStore>();
        Services.RemoveAll<IAlertStore>();
        Services.AddSingleton(factory);
        Services.AddSingleton<IJobStore>(sp => sp.GetRequiredService<TStore>());
        AddIfImplemented<TStore, IJobAdminStore>();
        AddIfImplemented<TStore, IStoreMigrator>();
        AddIfImplemented<TStore, INotifier>();
        AddIfImplemented<TStore, IScheduleStore>();
        AddIfImplemented<TStore, IBatchStore>();
        AddIfImplemented<TStore, IStatsStore>();
        AddIfImplemented<TStore, IAlertStore>();
        return this;
    }

    /// <summary>Registers a handler for its job kind; <paramref name="configure"/> sets queue, retries and time limits.</summary>
    public ConveyorBuilder AddHandler<THandler>(Action<JobTypeOptions>? configure = null)
        where THandler : class
    {
        var argsTypes = typeof(THandler).GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJobHandler<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToList();
        if (argsTypes.Count == 0)
        {
            throw new ArgumentException($"{typeof(THandler).Name} does not implement IJobHandler<TArgs>.", nameof(THandler));
        }

        foreach (var argsType in argsTypes)
        {
            var method = typeof(ConveyorBuilder).GetMethod(nameof(AddHandlerFor), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
            method.MakeGenericMethod(argsType, typeof(THandler)).Invoke(this, [configure]);
        }

        return this;
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/>, under the stable <paramref name="name"/>, to event
    /// <typeparamref name="TEvent"/>: <see cref="IJobClient.PublishAsync{TEvent}"/> enqueues one job per subscriber,
    /// each retried on its own.
    /// </summary>
    public ConveyorBuilder Subscribe<TEvent, THandler>(string name, Action<JobTypeOptions>? configure = null)
        where TEvent : IJobArgs
        where THandler : class, IJobHandler<TEvent>
    {
        Services.TryAddScoped<THandler>();
        Services.AddSingleton(JobRegistration.ForSubscriber<TEvent, THandler>(name, Configure(configure)));
        return this;
    }

    /// <summary>
    /// Enqueues a <typeparamref name="TArgs"/> job on every tick of <paramref name="cron"/> (five fields, or six with
    /// seconds first) read in <paramref name="timeZone"/>, under the stable <paramref name="name"/>. The schedule is
    /// saved to the store at start, so every node sees it; the elected leader enqueues each tick exactly once.
    /// <paramref name="args"/> are the jobs' arguments (none: <c>{}</c>). Throws at once for an invalid expression or time zone.
    /// </summary>
    public ConveyorBuilder Recurring<TArgs>(string name, string cron, TArgs? args = default, string timeZone = "UTC", Action<RecurringOptions>? configure = null)
        where TArgs : IJobArgs
    {
        ScheduleNames.Validate(name, nameof(name));
        try
        {
            CronSchedule.Parse(cron, timeZone);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException($"Recurring job '{name}': {ex.Message}", nameof(cron), ex);
        }

        var options = new RecurringOptions();
        configure?.Invoke(options);
        if (options.Queue is not null)
        {
            QueueNames.Validate(options.Queue, nameof(RecurringOptions.Queue));
        }

        ReadOnlyMemory<byte> json = args is null ? "{}"u8.ToArray() : JsonSerializer.SerializeToUtf8Bytes(args, ConveyorJson.Options);
        Services.AddSingleton(new RecurringRegistration(name, TArgs.Kind, json, cron, timeZone, options));
        return this;
    }

    /// <summary>
    /// Turns on alerts: the elected leader evaluates the health rules every <see cref="AlertOptions.Interval"/> and
    /// reports each alert that fires or resolves to the log and to the webhooks, e.g.
    /// <c>c.Alerts(a =&gt; a.Webhooks.Add(new Uri("https://hooks.example.com/conveyor")))</c>.
    /// </summary>
    public ConveyorBuilder Alerts(Action<AlertOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var alerts = new AlertOptions();
        configure(alerts);
        ArgumentOutOfRangeException.ThrowIfLessThan(alerts.FireAfter, 1, nameof(AlertOptions.FireAfter));
        ArgumentOutOfRangeException.ThrowIfLessThan(alerts.ResolveAfter, 1, nameof(AlertOptions.ResolveAfter));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(alerts.Interval, TimeSpan.Zero, nameof(AlertOptions.Interval));
        QueueNames.Validate(alerts.WebhookQueue, nameof(AlertOptions.WebhookQueue));
        Services.AddSingleton(alerts);
        if (alerts.Webhooks.Count > 0)
        {
            AddHandler<AlertWebhookHandler>(o => o.Queue = alerts.WebhookQueue);
        }

        return this;
    }

    /// <summary>Works <paramref name="name"/> in this process with <paramref name="workers"/> concurrent jobs.</summary>
    public ConveyorBuilder Queue(string name, int workers = 1)
    {
        QueueNames.Validate(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        Services.Configure<ConveyorOptions>(o => o.Queues[name] = workers);
        return this;
    }

    /// <summary>
    /// Keeps the finished jobs of <paramref name="queue"/> for their own time per final state, e.g.
    /// <c>c.Retention("reports", r =&gt; r.Completed = TimeSpan.FromDays(90))</c>; unset states keep the global retention.
    /// </summary>
    public ConveyorBuilder Retention(string queue, Action<QueueRetention> configure)
    {
        QueueNames.Validate(queue, nameof(queue));
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure<ConveyorOptions>(o =>
        {
            var retention = o.QueueRetention.TryGetValue(queue, out var existing) ? existing : o.QueueRetention[queue] = new QueueRetention();
            configure(retention);
        });
        return this;
    }

    /// <summary>
    /// Sets the keys for encrypted arguments (<see cref="EncryptedArgumentsAttribute"/>): producers the current public
    /// key, workers the private keys of every version still queued.
    /// </summary>
    public ConveyorBuilder EncryptArguments(Action<ArgumentsEncryptionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new ArgumentsEncryptionOptions();
        configure(options);
        Services.RemoveAll<Encryption.ArgumentsCipher>();
        Services.AddSingleton(new Encryption.ArgumentsCipher(options));
        return this;
    }

    /// <summary>Adds a middleware around every handler, outermost first.</summary>
    public ConveyorBuilder AddMiddleware<TMiddleware>()
        where TMiddleware : class, IJobMiddleware
    {
        Services.AddScoped<IJobMiddleware, TMiddleware>();
        return this;
    }

    /// <summary>Changes runtime settings.</summary>
    public ConveyorBuilder Configure(Action<ConveyorOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    private static JobTypeOptions Configure(Action<JobTypeOptions>? configure)
    {
        var options = new JobTypeOptions();
        configure?.Invoke(options);
        QueueNames.Validate(options.Queue, nameof(JobTypeOptions.Queue));
        return options;
    }

    private void AddHandlerFor<TArgs, THandler>(Action<JobTypeOptions>? configure)
        where TArgs : IJobArgs
        where THandler : class, IJobHandler<TArgs>
    {
        Services.TryAddScoped<THandler>();
        Services.AddSingleton(JobRegistration.ForHandler<TArgs, THandler>(Configure(configure)));
    }

    private void AddIfImplemented<TStore, TService>()
        where TStore : class
        where TService : class
    {
        if (typeof(TService).IsAssignableFrom(typeof(TStore)))
        {
            Services.AddSingleton<TService>(sp => (TService)(object)sp.GetRequiredService<TStore>());
        }
    }
}
