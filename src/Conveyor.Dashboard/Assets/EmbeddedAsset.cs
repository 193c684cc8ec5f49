namespace Conveyor.Dashboard.Assets;

/// <summary>One embedded asset: its name under <c>assets/</c>, content hash, media type and bytes.</summary>
internal sealed record EmbeddedAsset(string Name, string Hash, string ContentType, byte[] Content);
