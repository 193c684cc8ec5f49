using Conveyor;

namespace OrderShop.Jobs;

/// <summary>(Re)sends an order's confirmation email on its own, outside the <see cref="OrderPlaced"/> fan-out.</summary>
public sealed record SendConfirmationEmail(long OrderId) : IJobArgs
{
    public static string Kind => "send_confirmation_email";
}
