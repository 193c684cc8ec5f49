using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Conveyor.Chaos.Tests.Faults;

/// <summary>The fault proxy itself, against a local echo server: it forwards faithfully, slows, stalls and drops.</summary>
public sealed class TcpProxyTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Forwarding_DeliversEveryByteIntactAndInOrder_OnConcurrentConnections()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        proxy.Latency = TimeSpan.FromMilliseconds(2);

        await Task.WhenAll(Enumerable.Range(1, 4).Select(async seed =>
        {
            using var socket = await ConnectAsync(proxy.Port);
            var sent = new byte[512 * 1024];
            new Random(seed).NextBytes(sent);
            var receiving = ReceiveExactlyAsync(socket, sent.Length);
            await SendInRandomPiecesAsync(socket, sent, new Random(seed));
            Assert.Equal(sent, await receiving);
        }));

        Assert.Equal(4, proxy.AcceptedConnections);
    }

    [Fact]
    public async Task Latency_AddsToEveryChunkInEachDirection_AndCanChangeWhileRunning()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        using var socket = await ConnectAsync(proxy.Port);
        await RoundTripAsync(socket);

        proxy.Latency = TimeSpan.FromMilliseconds(100);
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 5; i++)
        {
            var took = await RoundTripAsync(socket);
            // 100 ms out and 100 ms back: each chunk is held at least its latency from when the proxy read it.
            Assert.True(took >= TimeSpan.FromMilliseconds(200), $"A round trip took {took.TotalMilliseconds:F0} ms with 100 ms added each way.");
            slowest = took > slowest ? took : slowest;
        }

        Assert.True(slowest < TimeSpan.FromSeconds(2), $"A round trip took {slowest.TotalMilliseconds:F0} ms: the latency is not per chunk.");
    }

    [Fact]
    public async Task Latency_NeverReordersChunks_WhenLoweredWhileTheyWait()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        using var socket = await ConnectAsync(proxy.Port);
        proxy.Latency = TimeSpan.FromMilliseconds(300);
        var started = TimeProvider.System.GetTimestamp();

        await socket.SendAsync(Encoding.ASCII.GetBytes("first,"));
        await Task.Delay(50);
        proxy.Latency = TimeSpan.Zero;
        await socket.SendAsync(Encoding.ASCII.GetBytes("second"));

        // "second" is due at once but queued behind "first", which is due 300 ms after it was read.
        Assert.Equal("first,second", Encoding.ASCII.GetString(await ReceiveExactlyAsync(socket, 12)));
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Stall_HoldsAllTraffic_ThenDeliversEveryHeldByteInOrder()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        using var socket = await ConnectAsync(proxy.Port);
        await RoundTripAsync(socket);
        var sent = new byte[256 * 1024];
        new Random(7).NextBytes(sent);

        var stalled = TimeProvider.System.GetTimestamp();
        var stall = proxy.StallAsync(TimeSpan.FromSeconds(1));
        Assert.True(proxy.IsStalled);
        var receiving = ReceiveExactlyAsync(socket, sent.Length);
        await SendInRandomPiecesAsync(socket, sent, new Random(7));
        await Task.Delay(500);
        Assert.Equal(0, socket.Available);
        Assert.False(receiving.IsCompleted);

        await stall;
        Assert.Equal(sent, await receiving);
        Assert.True(TimeProvider.System.GetElapsedTime(stalled) >= TimeSpan.FromSeconds(1));
        Assert.False(proxy.IsStalled);
    }

    [Fact]
    public async Task Stall_HoldsUntilResume_WhenOpenEnded()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        using var socket = await ConnectAsync(proxy.Port);

        proxy.Stall();
        await socket.SendAsync(Encoding.ASCII.GetBytes("held"));
        var receiving = ReceiveExactlyAsync(socket, 4);
        await Task.Delay(700);
        Assert.False(receiving.IsCompleted);
        proxy.Resume();

        Assert.Equal("held", Encoding.ASCII.GetString(await receiving));
    }

    [Fact]
    public async Task DropConnections_ResetsEveryOpenConnection_AndLaterConnectionsWork()
    {
        await using var echo = new EchoServer();
        await using var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        var sockets = new List<Socket>();
        for (var i = 0; i < 3; i++)
        {
            sockets.Add(await ConnectAsync(proxy.Port));
            await RoundTripAsync(sockets[^1]);
        }

        proxy.DropConnections();

        foreach (var socket in sockets)
        {
            var reset = await Assert.ThrowsAsync<SocketException>(async () => await socket.ReceiveAsync(new byte[1].AsMemory()).AsTask().WaitAsync(Deadline));
            Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
            socket.Dispose();
        }

        await WaitUntilAsync(() => echo.Resets == 3 && proxy.OpenConnections == 0, "the server side to see 3 resets");
        using var later = await ConnectAsync(proxy.Port);
        await RoundTripAsync(later);
    }

    [Fact]
    public async Task DisposeAsync_ClosesEveryConnection_AndStopsListening()
    {
        await using var echo = new EchoServer();
        var proxy = TcpProxy.Start("127.0.0.1", echo.Port);
        using var socket = await ConnectAsync(proxy.Port);
        await RoundTripAsync(socket);
        proxy.Stall();

        await proxy.DisposeAsync();

        await Assert.ThrowsAsync<SocketException>(async () => await socket.ReceiveAsync(new byte[1].AsMemory()).AsTask().WaitAsync(Deadline));
        var refused = await Assert.ThrowsAsync<SocketException>(async () => (await ConnectAsync(proxy.Port)).Dispose());
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private static async Task<Socket> ConnectAsync(int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Deadline);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one byte and waits for its echo; returns how long that took.</summary>
    private static async Task<TimeSpan> RoundTripAsync(Socket socket)
    {
        var started = TimeProvider.System.GetTimestamp();
        await socket.SendAsync(new byte[] { 42 });
        Assert.Equal([42], await ReceiveExactlyAsync(socket, 1));
        return TimeProvider.System.GetElapsedTime(started);
    }

    private static async Task SendInRandomPiecesAsync(Socket socket, byte[] data, Random random)
    {
        for (var at = 0; at < data.Length;)
        {
            var length = Math.Min(random.Next(1, 20_000), data.Length - at);
            at += await socket.SendAsync(data.AsMemory(at, length));
        }
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var at = 0; at < count;)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(at)).AsTask().WaitAsync(Deadline);
            Assert.True(read > 0, $"The connection ended after {at} of {count} bytes.");
            at += read;
        }

        return buffer;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetElapsedTime(started) < Deadline, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
