using Conveyor;

namespace OrderShop.Jobs;

/// <summary>Builds a sales report; slow and nobody waits for it, so it runs on <c>low</c>.</summary>
public sealed record GenerateSalesReport(string Period) : IJobArgs
{
    public static string Kind => "generate_sales_report";
}
