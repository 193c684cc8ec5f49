namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>
/// Fills a disk to the last byte with a file of its own, as a runaway log would, and frees it again; stamps both
/// moments with the wall clock (the ledgers' clock).
/// </summary>
public sealed class DiskFiller(string folder)
{
    private const int Chunk = 64 * 1024;
    private readonly string _path = Path.Combine(folder, "filler");

    /// <summary>When the disk was last found full.</summary>
    public DateTimeOffset FilledAt { get; private set; }

    /// <summary>When the filler was last deleted.</summary>
    public DateTimeOffset FreedAt { get; private set; }

    /// <summary>Writes until the operating system refuses (no space left), then a byte at a time to the last one; returns the bytes written.</summary>
    public long Fill()
    {
        using var file = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 1);
        var bytes = new byte[Chunk];
        for (var size = Chunk; size > 0; size /= 2)
        {
            try
            {
                while (true)
                {
                    file.Write(bytes, 0, size);
                }
            }
            catch (IOException)
            {
                // No space for this much: try a smaller write, down to one byte.
            }
        }

        FilledAt = TimeProvider.System.GetUtcNow();
        return file.Length;
    }

    /// <summary>Deletes the filler: the space is back.</summary>
    public void Free()
    {
        File.Delete(_path);
        FreedAt = TimeProvider.System.GetUtcNow();
    }
}
