using System.Data.Common;
using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Api;

/// <summary>
/// Places an order inside the caller's transaction: the order row, its <see cref="OrderPlaced"/> fan-out and its
/// payment. Because the jobs join the same transaction (a <c>SqliteTransaction</c> or an <c>NpgsqlTransaction</c>
/// on the database that holds the jobs), they exist if and only if it commits: no order without its jobs, no job
/// for an order that was rolled back.
/// </summary>
public sealed class OrderPlacement(IJobClient jobs, TimeProvider time)
{
    private const string InsertOrder = """
        INSERT INTO orders (customer_email, sku, quantity, total, card, created_at)
        VALUES (@email, @sku, @quantity, @total, @card, @createdAt)
        RETURNING id;
        """;

    /// <summary>Inserts the order and enqueues its jobs in <paramref name="transaction"/>; the caller commits.</summary>
    public async Task<PlacedOrder> PlaceAsync(DbTransaction transaction, NewOrder order, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(order);
        var card = order.Card ?? FakePaymentGateway.GoodCard;
        await using var command = transaction.Connection!.CreateCommand()
            .With("@email", order.CustomerEmail)
            .With("@sku", order.Sku)
            .With("@quantity", order.Quantity)
            .With("@total", order.Total)
            .With("@card", card)
            .With("@createdAt", time.GetUtcNow());
        command.Transaction = transaction;
        command.CommandText = InsertOrder;
        var id = (long)(await command.ExecuteScalarAsync(ct))!;

        var inTransaction = new EnqueueOptions { Transaction = transaction };
        var jobIds = new List<long>(await jobs.PublishAsync(new OrderPlaced(id), inTransaction, ct));
        var charge = await jobs.EnqueueAsync(new ChargePayment(id, card), inTransaction, ct);
        jobIds.Add(charge);
        jobIds.Add(await jobs.ContinueWithAsync(charge, new SendReceipt(id), options: inTransaction, ct: ct));
        return new PlacedOrder(id, jobIds);
    }
}
