using System.Security.Cryptography;

namespace Conveyor.Dashboard.Assets;

/// <summary>
/// The dashboard's CSS, scripts and vendored uPlot, embedded in the assembly and served by the dashboard itself (no
/// CDN, works offline). Each is addressed by a hash of its content, <c>assets/HASH/NAME</c>, so it can be cached for a
/// year: a new version gets a new URL.
/// </summary>
internal sealed class EmbeddedAssets
{
    private const string Prefix = "assets/";
    private readonly Dictionary<string, EmbeddedAsset> _byName;

    private EmbeddedAssets(Dictionary<string, EmbeddedAsset> byName) => _byName = byName;

    /// <summary>Loads every embedded asset.</summary>
    public static EmbeddedAssets Load()
    {
        var assembly = typeof(EmbeddedAssets).Assembly;
        var byName = new Dictionary<string, EmbeddedAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var name = resource[Prefix.Length..];
            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
            byName[name] = new EmbeddedAsset(name, hash, ContentType(name), bytes);
        }

        return new EmbeddedAssets(byName);
    }

    /// <summary>The versioned path of an asset relative to the dashboard's root, e.g. <c>assets/0123456789ab/dashboard.css</c>.</summary>
    public string PathOf(string name) => $"{Prefix}{_byName[name].Hash}/{name}";

    /// <summary>The asset of that name and hash; null when either does not match (an old URL after an upgrade).</summary>
    public EmbeddedAsset? Find(string hash, string name) =>
        _byName.TryGetValue(name, out var asset) && asset.Hash == hash ? asset : null;

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
}
