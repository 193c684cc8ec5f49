using System.Buffers;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Conveyor.Chaos.Tests.Faults;

/// <summary>
/// One direction of a proxied connection. The reader takes chunks off the source as they arrive and queues each with
/// its due time (arrival + the proxy's latency at that moment); the writer delivers them strictly in arrival order,
/// each once it is due and the proxy is not stalled. One queue per direction, never a timer per chunk: lowering the
/// latency while chunks wait cannot let a later chunk overtake an earlier one.
/// </summary>
internal sealed class ProxyPipe(Socket from, Socket to, TcpProxy proxy)
{
    private const int ChunkSize = 64 * 1024;
    private readonly Channel<Chunk> _chunks = Channel.CreateUnbounded<Chunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>
    /// Forwards until the source ends (then half-closes the destination once everything read is delivered), or throws
    /// when either socket fails or <paramref name="ct"/> fires.
    /// </summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var reading = ReadAsync(ct);
        var writing = WriteAsync(ct);
        try
        {
            await Task.WhenAll(reading, writing).ConfigureAwait(false);
        }
        finally
        {
            // A failed writer must not leave rented buffers queued.
            _chunks.Writer.TryComplete();
            while (_chunks.Reader.TryRead(out var chunk))
            {
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }
    }

    private async Task ReadAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, ct).ConfigureAwait(false);
                if (read == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    _chunks.Writer.TryComplete();
                    return;
                }

                _chunks.Writer.TryWrite(new Chunk(buffer, read, proxy.DueTimestamp()));
            }
        }
        catch (Exception ex)
        {
            _chunks.Writer.TryComplete(ex);
            throw;
        }
    }

    private async Task WriteAsync(CancellationToken ct)
    {
        await foreach (var chunk in _chunks.Reader.ReadAllAsync(ct).ConfigureAwait(false))
        {
            try
            {
                await proxy.DelayUntilAsync(chunk.DueTimestamp, ct).ConfigureAwait(false);
                await proxy.Gate.WaitOpenAsync(ct).ConfigureAwait(false);
                await SendAllAsync(chunk.Buffer.AsMemory(0, chunk.Length), ct).ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk.Buffer);
            }
        }

        // The source ended cleanly and all it sent is delivered: pass the end on.
        to.Shutdown(SocketShutdown.Send);
    }

    private async Task SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        while (!data.IsEmpty)
        {
            var sent = await to.SendAsync(data, SocketFlags.None, ct).ConfigureAwait(false);
            data = data[sent..];
        }
    }

    private readonly record struct Chunk(byte[] Buffer, int Length, long DueTimestamp);
}
