using System.Net.Sockets;

namespace Conveyor.Chaos.Tests.Faults;

/// <summary>
/// One accepted connection and its upstream twin, forwarded both ways. A clean end on one side is passed on as a
/// half-close; a failure on either side, or <see cref="Reset"/>, resets both.
/// </summary>
internal sealed class ProxyConnection(Socket client, Socket upstream, TcpProxy proxy)
{
    private readonly CancellationTokenSource _stop = new();
    private int _reset;

    /// <summary>Forwards until both directions end or the connection is reset; never throws.</summary>
    public async Task RunAsync()
    {
        await Task.WhenAll(ForwardAsync(client, upstream), ForwardAsync(upstream, client)).ConfigureAwait(false);
        if (Volatile.Read(ref _reset) == 0)
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    /// <summary>Aborts both sockets (RST, not FIN) and stops forwarding; what was held is dropped.</summary>
    public void Reset()
    {
        if (Interlocked.Exchange(ref _reset, 1) == 1)
        {
            return;
        }

        foreach (var socket in new[] { client, upstream })
        {
            try
            {
                socket.LingerState = new LingerOption(enable: true, seconds: 0);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed: nothing to abort.
            }

            socket.Dispose();
        }

        _stop.Cancel();
    }

    private async Task ForwardAsync(Socket from, Socket to)
    {
        try
        {
            await new ProxyPipe(from, to, proxy).RunAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Either side failed, or the connection was reset or the proxy disposed: reset both sides at once, so the
            // other direction does not wait on a read that can never complete.
            Reset();
        }
    }
}
