using Microsoft.AspNetCore.Antiforgery;

namespace Conveyor.Dashboard.Rendering;

/// <summary>What every page needs besides its data: where the dashboard is mounted, the time, and how to post.</summary>
/// <param name="BasePath">The dashboard's path from the site's root, without a trailing slash (empty at the root).</param>
/// <param name="Now">The time the page is rendered at.</param>
/// <param name="ReadOnly">Whether actions are hidden.</param>
/// <param name="Antiforgery">The request's antiforgery token set; null in read-only mode.</param>
/// <param name="Assets">The embedded assets, for their versioned URLs.</param>
/// <param name="Refresh">How often live pages poll for fresh data.</param>
internal sealed record PageContext(string BasePath, DateTimeOffset Now, bool ReadOnly, AntiforgeryTokenSet? Antiforgery, Assets.EmbeddedAssets Assets, TimeSpan Refresh)
{
    /// <summary>A dashboard URL from a path relative to its root, e.g. <c>jobs/5</c>.</summary>
    public string Url(string path) => $"{BasePath}/{path}";

    /// <summary>
    /// A POST form with the antiforgery token and one button; nothing in read-only mode. <paramref name="fields"/> are
    /// hidden inputs sent with it.
    /// </summary>
    public Html Action(string path, string label, string css = "button", IReadOnlyDictionary<string, string>? fields = null)
    {
        if (ReadOnly || Antiforgery is not { } tokens)
        {
            return Html.Empty;
        }

        var hidden = Html.Join((fields ?? new Dictionary<string, string>()).Select(f => Html.Of($"""<input type="hidden" name="{f.Key}" value="{f.Value}">""")));
        return Html.Of($"""<form method="post" action="{Url(path)}" class="inline"><input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">{hidden}<button type="submit" class="{css}">{label}</button></form>""");
    }
}
