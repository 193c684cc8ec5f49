using Conveyor;

namespace OrderShop.Jobs;

/// <summary>Sends a password reset link; someone is waiting for it, so it runs on <c>high</c>.</summary>
public sealed record SendPasswordResetEmail(string Email) : IJobArgs
{
    public static string Kind => "send_password_reset_email";
}
