using Conveyor.Dashboard.Data;
using Conveyor.Dashboard.Rendering;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Dashboard.Endpoints;

/// <summary>What the endpoints share: the page context of a request, and how an HTML page or a redirect is answered.</summary>
internal static class DashboardRequest
{
    /// <summary>The page context: the dashboard's base path under the app's path base, the time, and a fresh antiforgery token unless read-only.</summary>
    public static PageContext Page(HttpContext http, DashboardServices services, string prefix)
    {
        var tokens = services.Options.ReadOnly ? null : http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new PageContext(BasePath(http, prefix), services.Time.GetUtcNow(), services.Options.ReadOnly, tokens, services.Assets, services.Options.RefreshInterval);
    }

    /// <summary>The dashboard's root path without a trailing slash.</summary>
    public static string BasePath(HttpContext http, string prefix) => (http.Request.PathBase.Value + prefix).TrimEnd('/');

    /// <summary>An HTML page that no cache keeps (it carries an antiforgery token and live data).</summary>
    public static IResult Html(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>303 See Other to a dashboard path, so the browser follows a POST with a GET.</summary>
    public static IResult SeeOther(HttpContext http, string prefix, string path)
    {
        http.Response.Headers.Location = $"{BasePath(http, prefix)}/{path}";
        return Results.StatusCode(StatusCodes.Status303SeeOther);
    }
}
