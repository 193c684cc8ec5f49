using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conveyor.Testing.Processes.Servers;

/// <summary>
/// A <c>redis-server</c> of one test's own, on 127.0.0.1 on a free port in its own temporary folder, for tests that change a
/// server's config or kill it. It is only ever ended through its own <see cref="Process"/> (its PID); disposing it kills
/// it and deletes the folder.
/// </summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private const int StartAttempts = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private readonly string[] _arguments;
    private Process _process;

    private PrivateRedisServer(int port, string directory, string[] arguments, Process process)
    {
        Port = port;
        Directory = directory;
        _arguments = arguments;
        _process = process;
    }

    /// <summary>Where to connect: <c>127.0.0.1:port</c>.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The server's folder: its AOF, its log (<c>server.log</c>).</summary>
    public string Directory { get; }

    /// <summary>The port it listens on, the same after <see cref="RestartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>
    /// Starts a server with <paramref name="arguments"/> after the defaults (no RDB snapshots, protected mode, bound to
    /// 127.0.0.1), e.g. <c>"--maxmemory-policy", "allkeys-lru"</c>, and waits until it answers PING.
    /// </summary>
    public static async Task<PrivateRedisServer> StartAsync(params string[] arguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var directory = System.IO.Directory.CreateTempSubdirectory("conveyor-redis-test.").FullName;
            try
            {
                return new PrivateRedisServer(port, directory, arguments, await LaunchAsync(port, directory, arguments));
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // Another process may have taken the free port in between: try another one.
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>Whether the server answers PING now.</summary>
    public Task<bool> AnswersPingAsync() => AnswersPingAsync(Port);

    /// <summary>Kills the server with SIGKILL (by its PID), as a crash or power loss would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the killed server again on the same port, folder and arguments, so it reloads its AOF.</summary>
    /// <exception cref="InvalidOperationException">The server still runs.</exception>
    public async Task RestartAsync()
    {
        if (!_process.HasExited)
        {
            throw new InvalidOperationException($"Redis on {Configuration} still runs; kill it first.");
        }

        _process.Dispose();
        _process = await LaunchAsync(Port, Directory, _arguments);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static async Task<Process> LaunchAsync(int port, string directory, string[] arguments)
    {
        var start = new ProcessStartInfo(Executable()) { UseShellExecute = false };
        foreach (var argument in (string[])
            [
                "--port", $"{port}", "--bind", "127.0.0.1", "--protected-mode", "yes", "--dir", directory, "--save", "",
                "--logfile", Path.Combine(directory, "server.log"), .. arguments,
            ])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        try
        {
            await WaitForPongAsync(process, port, directory);
            return process;
        }
        catch
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }

            process.Dispose();
            throw;
        }
    }

    private static async Task WaitForPongAsync(Process process, int port, string directory)
    {
        var waited = Stopwatch.StartNew();
        while (!process.HasExited && waited.Elapsed < StartTimeout)
        {
            if (await AnswersPingAsync(port))
            {
                return;
            }

            await Task.Delay(20);
        }

        var log = Path.Combine(directory, "server.log");
        throw new InvalidOperationException(
            $"redis-server on 127.0.0.1:{port} did not answer PING ({(process.HasExited ? "it exited" : "timed out")}):"
            + Environment.NewLine + (File.Exists(log) ? await File.ReadAllTextAsync(log) : "(no log)"));
    }

    private static async Task<bool> AnswersPingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var reply = new byte[7];
            var read = await stream.ReadAtLeastAsync(reply, reply.Length, throwOnEndOfStream: false);
            return Encoding.ASCII.GetString(reply, 0, read) == "+PONG\r\n";
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Executable() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("redis-server not found on PATH or in /usr/bin; ./test.sh installs Debian's redis-server.");

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
