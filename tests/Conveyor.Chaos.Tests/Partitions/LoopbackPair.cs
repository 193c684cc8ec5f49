using System.Net;
using System.Net.Sockets;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// Both ends of one open TCP connection on 127.0.0.1 (a listener on an ephemeral <see cref="Port"/>, a client and the
/// socket it was accepted as), to see what a partition of that port does to a connection already open.
/// </summary>
internal sealed class LoopbackPair : IDisposable
{
    private readonly TcpListener _listener;
    private readonly Socket _client;
    private readonly Socket _server;

    private LoopbackPair(TcpListener listener, Socket client, Socket server)
    {
        _listener = listener;
        _client = client;
        _server = server;
    }

    /// <summary>The listening (server) side's port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Listens, connects and accepts.</summary>
    public static async Task<LoopbackPair> OpenAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptSocketAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return new LoopbackPair(listener, client, await accepting);
    }

    /// <summary>Sends one byte each way; completes when both have arrived.</summary>
    public Task ExchangeAsync() => Task.WhenAll(SendOneAsync(_client, _server), SendOneAsync(_server, _client));

    /// <summary>Sends one byte from the client to the server only; completes when it has arrived.</summary>
    public Task ClientToServerAsync() => SendOneAsync(_client, _server);

    /// <summary>Sends one byte from the server to the client only; completes when it has arrived.</summary>
    public Task ServerToClientAsync() => SendOneAsync(_server, _client);

    /// <summary>Whether a new connection to <see cref="Port"/> is made within <paramref name="within"/>.</summary>
    public async Task<bool> ConnectsWithinAsync(TimeSpan within)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(within);
        var accepting = _listener.AcceptSocketAsync(timeout.Token).AsTask();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            (await accepting).Dispose();
            return true;
        }
        catch (OperationCanceledException)
        {
            // The accept was cancelled with the connect: observe its end.
            await accepting.ContinueWith(t => t.Exception, TaskScheduler.Default);
            return false;
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _listener.Stop();
    }

    private static async Task SendOneAsync(Socket from, Socket to)
    {
        var receiving = to.ReceiveAsync(new byte[1], SocketFlags.None);
        await from.SendAsync(new byte[] { 1 }, SocketFlags.None);
        if (await receiving != 1)
        {
            throw new InvalidOperationException("The probe connection closed instead of delivering its byte.");
        }
    }
}
