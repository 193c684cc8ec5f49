using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;

namespace Conveyor.Dashboard.Security;

/// <summary>
/// Runs before every dashboard endpoint: sets the security headers, applies <see cref="AccessDecision"/> (403 or 401),
/// and for a POST refuses read-only mode (403) and a missing or wrong antiforgery token (400) before anything changes.
/// </summary>
internal sealed class DashboardGuard(DashboardOptions options) : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        SecurityHeaders.Apply(http.Response.Headers);
        switch (AccessDecision.Decide(options, http.Connection.RemoteIpAddress, http.Request.Headers.Authorization.FirstOrDefault()))
        {
            case Access.Forbid:
                return Results.Text("The Conveyor dashboard answers loopback requests only; configure authorisation to open it to others (docs/dashboard.md).", statusCode: StatusCodes.Status403Forbidden);
            case Access.Challenge:
                http.Response.Headers.WWWAuthenticate = AccessDecision.Challenges(options);
                return Results.Text("Credentials required.", statusCode: StatusCodes.Status401Unauthorized);
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (options.ReadOnly)
            {
                return Results.Text("The dashboard is read-only.", statusCode: StatusCodes.Status403Forbidden);
            }

            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
            {
                return Results.Text("The form's antiforgery token is missing or invalid: reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
            }
        }

        return await next(context).ConfigureAwait(false);
    }
}
