using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Conveyor.Testing.Processes.Servers;

/// <summary>
/// A private PostgreSQL cluster for one test, which may stop and restart it: initdb into a temporary folder and the
/// server on 127.0.0.1 on a free port, from the binaries in <c>CONVEYOR_TEST_PG_BIN</c>. Disposing it stops the
/// server by its postmaster's PID and removes the folder. As root, PostgreSQL's programs run as the <c>postgres</c>
/// user (the server refuses to run as root), as in scripts/postgres-test-server.sh. Durability settings are
/// PostgreSQL's defaults (fsync and synchronous_commit on): a commit is acknowledged once its WAL is flushed.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private readonly string _bin;
    private readonly DirectoryInfo _directory;
    private readonly int _port;

    private PostgresServer(string bin, DirectoryInfo directory, int port)
    {
        _bin = bin;
        _directory = directory;
        _port = port;
    }

    /// <summary>A superuser connection to the cluster's <c>postgres</c> database, over TCP on loopback.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres");

    private string Data => Path.Combine(_directory.FullName, "data");

    private string LogFile => Path.Combine(_directory.FullName, "server.log");

    /// <summary>Creates and starts a cluster; fails the test if <c>CONVEYOR_TEST_PG_BIN</c> is not set.</summary>
    public static Task<PostgresServer> StartAsync() => StartAsync(null);

    /// <summary>
    /// Creates and starts a cluster whose folder (data, WAL, log) is a fresh one inside <paramref name="parent"/> (a
    /// test's own small disk, say), or a temporary folder when null.
    /// </summary>
    public static async Task<PostgresServer> StartAsync(string? parent)
    {
        var directory = parent is null
            ? Directory.CreateTempSubdirectory("conveyor-pg-")
            : Directory.CreateDirectory(Path.Combine(parent, "conveyor-pg-" + Guid.NewGuid().ToString("N")));
        var server = new PostgresServer(Bin, directory, FreePort());
        try
        {
            await server.InitAsync();
            await server.PgCtlAsync("start", "-o", string.Create(CultureInfo.InvariantCulture,
                $"-c listen_addresses=127.0.0.1 -p {server._port} -c unix_socket_directories='{server._directory.FullName}' -c max_connections=200"));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server in <paramref name="mode"/> and starts it again with the same options; returns once it accepts connections.</summary>
    public Task RestartAsync(ShutdownMode mode) =>
        PgCtlAsync("restart", "-m", mode == ShutdownMode.Fast ? "fast" : "immediate");

    /// <summary>Fast shutdown by a SIGINT to the postmaster (SIGKILL if it outlives the wait), then the folder goes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (PostmasterPid() is { } pid)
            {
                await StopAsync(pid);
            }
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private async Task InitAsync()
    {
        if (RunsAsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _directory.FullName], asOwner: false);
        }

        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], asOwner: true);
    }

    private Task PgCtlAsync(string action, params string[] options) =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", Data, "-l", LogFile, "-w", "-t", "60", .. options, action], asOwner: true);

    private async Task StopAsync(int pid)
    {
        await RunAsync("kill", ["-INT", pid.ToString(CultureInfo.InvariantCulture)], asOwner: false);
        using var wait = new CancellationTokenSource(StopTimeout);
        try
        {
            while (IsAlive(pid))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), wait.Token);
            }
        }
        catch (OperationCanceledException)
        {
            await RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], asOwner: false);
        }
    }

    /// <summary>The running postmaster's PID (it changes at each restart), or null when none runs.</summary>
    private int? PostmasterPid()
    {
        var file = Path.Combine(Data, "postmaster.pid");
        return File.Exists(file) ? int.Parse(File.ReadLines(file).First(), CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Whether the process exists and is not a zombie (the postmaster is not our child, so we never reap it).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool RunsAsRoot => Environment.UserName == "root";

    /// <summary>PostgreSQL's programs. A missing variable fails the test: the suite never skips PostgreSQL.</summary>
    private static string Bin =>
        Environment.GetEnvironmentVariable("CONVEYOR_TEST_PG_BIN") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "CONVEYOR_TEST_PG_BIN is not set. Run ./test.sh, which exports it, or set it to the folder of PostgreSQL's initdb and pg_ctl, "
                + "such as /usr/lib/postgresql/15/bin.");

    private static async Task RunAsync(string program, string[] arguments, bool asOwner)
    {
        var start = new ProcessStartInfo(asOwner && RunsAsRoot ? "setpriv" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asOwner && RunsAsRoot)
        {
            foreach (var prefix in new[] { "--reuid=postgres", "--regid=postgres", "--init-groups", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {CommandTimeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
