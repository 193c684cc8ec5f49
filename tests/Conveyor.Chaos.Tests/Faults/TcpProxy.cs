using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Conveyor.Chaos.Tests.Faults;

/// <summary>
/// A loopback TCP proxy for fault tests: listens on 127.0.0.1 on an ephemeral <see cref="Port"/> and forwards each
/// accepted connection to the target. It can slow every chunk down (<see cref="Latency"/>, per direction), hold all
/// traffic for a while (<see cref="Stall"/>/<see cref="Resume"/>, <see cref="StallAsync"/>: nothing is lost, everything
/// is delivered in order afterwards) and reset every open connection (<see cref="DropConnections"/>). Bytes of one
/// connection always arrive intact and in order, whatever the latency does meanwhile.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<ProxyConnection, byte> _connections = new();
    private readonly ConcurrentDictionary<Task, byte> _handlers = new();
    private readonly Task _accepting;
    private long _latencyTicks;
    private int _accepted;

    private TcpProxy(string targetHost, int targetPort, TimeProvider time)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        Time = time;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync(_stop.Token);
    }

    /// <summary>The port the proxy listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>
    /// Added to every chunk in each direction, so a request/response round trip gains twice this. Settable while
    /// running; a change applies to chunks read from then on.
    /// </summary>
    public TimeSpan Latency
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _latencyTicks, value.Ticks);
        }
    }

    /// <summary>Whether traffic is held now.</summary>
    public bool IsStalled => Gate.IsClosed;

    /// <summary>Connections accepted since the proxy started.</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>Connections open now.</summary>
    public int OpenConnections => _connections.Count;

    internal TimeProvider Time { get; }

    internal TrafficGate Gate { get; } = new();

    /// <summary>Starts a proxy to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public static TcpProxy Start(string targetHost, int targetPort, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetHost);
        return new TcpProxy(targetHost, targetPort, time ?? TimeProvider.System);
    }

    /// <summary>Holds all traffic, both ways, on every connection until <see cref="Resume"/>. Nothing is dropped.</summary>
    public void Stall() => Gate.Close();

    /// <summary>Delivers what a stall held, in order, and lets traffic flow again.</summary>
    public void Resume() => Gate.Open();

    /// <summary>Holds all traffic for <paramref name="duration"/>, then resumes it (also when cancelled).</summary>
    public async Task StallAsync(TimeSpan duration, CancellationToken ct = default)
    {
        Stall();
        try
        {
            await DelayUntilAsync(Time.GetTimestamp() + ToTimestampTicks(duration), ct).ConfigureAwait(false);
        }
        finally
        {
            Resume();
        }
    }

    /// <summary>Resets every open connection, both sides (RST); connections made afterwards work as before.</summary>
    public void DropConnections()
    {
        foreach (var connection in _connections.Keys)
        {
            connection.Reset();
        }
    }

    /// <summary>Stops listening and resets every connection still open.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        DropConnections();
        Resume();
        await _accepting.ConfigureAwait(false);
        await Task.WhenAll(_handlers.Keys).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>When a chunk read now is due for delivery.</summary>
    internal long DueTimestamp() => Time.GetTimestamp() + ToTimestampTicks(Latency);

    /// <summary>
    /// Waits until <paramref name="due"/> (a <see cref="TimeProvider.GetTimestamp"/> value), never less: a timer may
    /// round its delay down to the millisecond, so it waits again until truly due.
    /// </summary>
    internal async Task DelayUntilAsync(long due, CancellationToken ct)
    {
        TimeSpan wait;
        while ((wait = Time.GetElapsedTime(Time.GetTimestamp(), due)) > TimeSpan.Zero)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), Time, ct).ConfigureAwait(false);
        }
    }

    private long ToTimestampTicks(TimeSpan span) => (long)Math.Ceiling(span.TotalSeconds * Time.TimestampFrequency);

    private async Task AcceptAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(stop).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && stop.IsCancellationRequested)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            Track(HandleAsync(client, stop));
        }
    }

    private void Track(Task handler)
    {
        _handlers[handler] = 0;
        _ = handler.ContinueWith(t => _handlers.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task HandleAsync(Socket client, CancellationToken stop)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_targetHost, _targetPort, stop).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The target refused (or the proxy is closing): the client sees its connection reset, as it would see a refusal.
            upstream.Dispose();
            client.LingerState = new LingerOption(enable: true, seconds: 0);
            client.Dispose();
            return;
        }

        var connection = new ProxyConnection(client, upstream, this);
        _connections[connection] = 0;
        if (stop.IsCancellationRequested)
        {
            // Disposed while connecting: DropConnections may have run before this connection was listed.
            connection.Reset();
        }

        await connection.RunAsync().ConfigureAwait(false);
        _connections.TryRemove(connection, out _);
    }
}
