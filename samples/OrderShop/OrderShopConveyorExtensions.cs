using Conveyor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderShop.Handlers;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop;

/// <summary>Registers the order shop's jobs, subscribers, queues and fake services in one call.</summary>
public static class OrderShopConveyorExtensions
{
    /// <summary>The shop's queues and their worker counts: people wait on <c>high</c>, nobody waits on <c>low</c>.</summary>
    public static IReadOnlyDictionary<string, int> Queues { get; } = new Dictionary<string, int>
    {
        ["high"] = 4,
        ["default"] = 2,
        ["low"] = 1,
    };

    /// <summary>
    /// Adds every order-shop handler and subscriber and works the queues high=4, default=2, low=1. The fake services
    /// are added only where the app registered none of its own (the web API brings its own <see cref="IOrders"/>).
    /// </summary>
    public static ConveyorBuilder AddOrderShop(this ConveyorBuilder c)
    {
        ArgumentNullException.ThrowIfNull(c);
        AddFakeServices(c.Services);
        c.Subscribe<OrderPlaced, SendConfirmationHandler>("confirmation", o => o.Queue = "high")
         .Subscribe<OrderPlaced, NotifyWarehouseHandler>("warehouse")
         .Subscribe<OrderPlaced, UpdateInventoryHandler>("inventory")
         .Subscribe<OrderPlaced, TrackAnalyticsHandler>("analytics", o => o.Queue = "low")
         .AddHandler<SendConfirmationEmailHandler>(o => o.Queue = "high")
         .AddHandler<SendPasswordResetEmailHandler>(o => o.Queue = "high")
         .AddHandler<SyncCustomerToCrmHandler>()
         .AddHandler<GenerateSalesReportHandler>(o => o.Queue = "low")
         .AddHandler<ChargePaymentHandler>()
         .AddHandler<SendReceiptHandler>(o => o.Queue = "high")
         .AddHandler<CallPartnerApiHandler>(o =>
         {
             // Short delays so the demo shows the flaky partner's retries within seconds.
             o.Retry = o.Retry with { BaseDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5) };
             o.MaxAttempts(5).RetryOn<HttpRequestException>();
         });
        foreach (var (queue, workers) in Queues)
        {
            c.Queue(queue, workers);
        }

        return c;
    }

    /// <summary>Adds <see cref="OrderShopSimulator"/> as a hosted service placing orders at the rate of <paramref name="options"/> (default 5 per second).</summary>
    public static IServiceCollection AddOrderShopSimulator(this IServiceCollection services, OrderShopSimulatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(options ?? new OrderShopSimulatorOptions());
        services.TryAddSingleton<OrderShopSimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderShopSimulator>());
        return services;
    }

    private static void AddFakeServices(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatedLatency>();
        services.TryAddSingleton<InMemoryOrders>();
        services.TryAddSingleton<IOrders>(sp => sp.GetRequiredService<InMemoryOrders>());
        services.TryAddSingleton<IEmail, FakeEmail>();
        services.TryAddSingleton<IWarehouse, FakeWarehouse>();
        services.TryAddSingleton<IInventory, FakeInventory>();
        services.TryAddSingleton<IAnalytics, FakeAnalytics>();
        services.TryAddSingleton<ICrm, FakeCrm>();
        services.TryAddSingleton<IReports, FakeReports>();
        services.TryAddSingleton<IPartnerApi, FakePartnerApi>();
        services.TryAddSingleton<IPaymentGateway, FakePaymentGateway>();
    }
}
