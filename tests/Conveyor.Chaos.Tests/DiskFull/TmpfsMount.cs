using System.Diagnostics;
using System.Globalization;

namespace Conveyor.Chaos.Tests.DiskFull;

/// <summary>
/// A small disk of a test's own: a tmpfs of a given size mounted on a fresh temporary folder (needs root, as
/// <c>./test.sh</c> runs). Disposing it unmounts it whatever happened, lazily if something still holds a file there
/// (the mount is gone at once and its memory freed when the last file closes), and removes the folder.
/// </summary>
public sealed class TmpfsMount : IAsyncDisposable
{
    private TmpfsMount(string path) => Path = path;

    /// <summary>The mounted folder.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="megabytes"/> MiB.</summary>
    public static async Task<TmpfsMount> MountAsync(int megabytes)
    {
        var folder = Directory.CreateTempSubdirectory("conveyor-disk-full-").FullName;
        try
        {
            await RunAsync("mount", "-t", "tmpfs", "-o", string.Create(CultureInfo.InvariantCulture, $"size={megabytes}m,mode=0777"), "tmpfs", folder);
        }
        catch
        {
            Directory.Delete(folder);
            throw;
        }

        return new TmpfsMount(folder);
    }

    /// <summary>Free bytes left on the disk.</summary>
    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("umount", Path);
        }
        catch (InvalidOperationException)
        {
            await RunAsync("umount", "--lazy", Path);
        }

        Directory.Delete(Path);
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {program}.");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode} (mounting needs root): {await stderr}");
        }
    }
}
