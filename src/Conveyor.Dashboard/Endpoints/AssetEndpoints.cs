using Conveyor.Dashboard.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Conveyor.Dashboard.Endpoints;

/// <summary>The embedded CSS and scripts at <c>assets/HASH/NAME</c>, cached for a year (a new content is a new URL).</summary>
internal static class AssetEndpoints
{
    public static void Map(RouteGroupBuilder group, DashboardServices s)
    {
        group.MapGet("assets/{hash}/{**name}", (HttpContext http, string hash, string name) =>
        {
            if (s.Assets.Find(hash, name) is not { } asset)
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(asset.Content, asset.ContentType);
        });
    }
}
