using Conveyor;
using OrderShop.Jobs;
using OrderShop.Services;

namespace OrderShop.Handlers;

/// <summary>Sends the password reset email.</summary>
public sealed class SendPasswordResetEmailHandler(IEmail email) : IJobHandler<SendPasswordResetEmail>
{
    public Task HandleAsync(SendPasswordResetEmail args, JobContext context, CancellationToken ct) =>
        email.SendAsync(args.Email, "Reset your password", ct);
}
