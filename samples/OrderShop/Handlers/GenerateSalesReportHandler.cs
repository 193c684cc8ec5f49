using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Builds the sales report.</summary>
public sealed class GenerateSalesReportHandler(IReports reports) : IJobHandler<GenerateSalesReport>
{
    public Task HandleAsync(GenerateSalesReport args, JobContext context, CancellationToken ct) =>
        reports.BuildSalesReportAsync(args.Period, ct);
}
