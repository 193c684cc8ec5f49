using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Endpoints;
using Conveyor.Dashboard.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the dashboard: <c>app.MapConveyorDashboard("/conveyor")</c>.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard's pages, actions, JSON, assets and <c>metrics</c> under <paramref name="prefix"/>. Every
    /// endpoint sets the security headers and applies the access rule of <see cref="Conveyor.Dashboard.DashboardOptions"/>;
    /// with <see cref="Conveyor.Dashboard.DashboardOptions.AuthorizationPolicy"/> set, every endpoint requires that policy.
    /// Requires <c>services.AddConveyorDashboard()</c>.
    /// </summary>
    public static RouteGroupBuilder MapConveyorDashboard(this IEndpointRouteBuilder endpoints, string prefix = "/conveyor")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        var services = endpoints.ServiceProvider.GetService<DashboardServices>()
            ?? throw new InvalidOperationException("Call services.AddConveyorDashboard() before app.MapConveyorDashboard().");
        var path = "/" + prefix.Trim('/');
        var group = endpoints.MapGroup(path);
        group.AddEndpointFilter(new DashboardGuard(services.Options));
        if (services.Options.AuthorizationPolicy is { } policy)
        {
            group.RequireAuthorization(policy);
        }

        var basePath = path == "/" ? "" : path;
        PageEndpoints.Map(group, services, basePath);
        ActionEndpoints.Map(group, services, basePath);
        ApiEndpoints.Map(group, services);
        AssetEndpoints.Map(group, services);
        return group;
    }
}
