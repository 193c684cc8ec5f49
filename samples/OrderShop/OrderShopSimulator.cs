using Conveyor;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop;

/// <summary>
/// Customers, simulated: places orders at a steady rate and enqueues what a shop would around them — the
/// <see cref="OrderPlaced"/> fan-out and a payment for each (one in ten with a declined card) with its receipt as a
/// continuation, a CRM sync, a password reset or a flaky partner call now and then, and a delayed sales report.
/// </summary>
public sealed partial class OrderShopSimulator(
    IJobClient jobs,
    InMemoryOrders orders,
    TimeProvider time,
    OrderShopSimulatorOptions options,
    ILogger<OrderShopSimulator> logger) : BackgroundService
{
    private static readonly string[] Skus = ["mug", "tshirt", "poster", "sticker-pack", "hoodie"];
    private long _ordersPlaced;
    private long _jobsEnqueued;
    private long _failures;

    /// <summary>Orders placed so far.</summary>
    public long OrdersPlaced => Interlocked.Read(ref _ordersPlaced);

    /// <summary>Jobs enqueued so far (fan-out jobs counted one by one).</summary>
    public long JobsEnqueued => Interlocked.Read(ref _jobsEnqueued);

    /// <summary>Orders whose jobs could not be enqueued (logged).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Places one order and enqueues its jobs.</summary>
    public async Task PlaceOrderAsync(CancellationToken ct)
    {
        var n = Interlocked.Increment(ref _ordersPlaced);
        var email = $"customer{n % 500}@example.com";
        var order = orders.Place(email, Skus[n % Skus.Length], 1 + (int)(n % 3), 10m + (n % 90));
        var enqueued = (await jobs.PublishAsync(new OrderPlaced(order.Id), ct: ct)).Count;
        var card = n % 10 == 0 ? FakePaymentGateway.DeclinedCard : FakePaymentGateway.GoodCard;
        var charge = await jobs.EnqueueAsync(new ChargePayment(order.Id, card), ct: ct);
        // The receipt waits for the charge, and runs only if it went through.
        await jobs.ContinueWithAsync(charge, new SendReceipt(order.Id), ct: ct);
        enqueued += 2;
        if (n % 3 == 0)
        {
            // One pending sync per customer is enough: the unique key collapses bursts.
            await jobs.EnqueueAsync(new SyncCustomerToCrm(email), new() { UniqueKey = $"crm:{email}" }, ct);
            enqueued++;
        }

        if (n % 4 == 0)
        {
            await jobs.EnqueueAsync(new SendPasswordResetEmail(email), ct: ct);
            enqueued++;
        }

        if (n % 5 == 0)
        {
            await jobs.EnqueueAsync(new CallPartnerApi(order.Id), ct: ct);
            enqueued++;
        }

        if (n % 25 == 1)
        {
            await jobs.ScheduleAsync(new GenerateSalesReport("last-hour"), TimeSpan.FromSeconds(5), ct: ct);
            enqueued++;
        }

        Interlocked.Add(ref _jobsEnqueued, enqueued);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / options.OrdersPerSecond), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PlaceOrderSafelyAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task PlaceOrderSafelyAsync(CancellationToken ct)
    {
        try
        {
            await PlaceOrderAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A customer whose order failed goes away; the shop keeps serving the next one.
            Interlocked.Increment(ref _failures);
            LogOrderFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Placing an order failed")]
    private static partial void LogOrderFailed(ILogger logger, Exception exception);
}
