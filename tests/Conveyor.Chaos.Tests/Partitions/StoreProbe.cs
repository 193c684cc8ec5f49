using System.Net;
using System.Net.Sockets;
using System.Text;
using Conveyor.Chaos.Tests.Stores;

namespace Conveyor.Chaos.Tests.Partitions;

/// <summary>
/// A raw connection to the store's server through a port that is about to be cut, opened before the cut like the
/// workers' pooled connections: <see cref="AskAsync"/> sends the smallest request the server answers (Redis
/// <c>PING</c>; PostgreSQL's <c>SSLRequest</c>, answered with one byte before any login), so a test sees that the
/// partition silences connections already open and that they carry the answer once it heals.
/// </summary>
internal sealed class StoreProbe : IDisposable
{
    private readonly Socket _socket;
    private readonly StoreKind _kind;

    private StoreProbe(Socket socket, StoreKind kind)
    {
        _socket = socket;
        _kind = kind;
    }

    /// <summary>Connects to 127.0.0.1:<paramref name="port"/>, in front of a <paramref name="kind"/> server.</summary>
    public static async Task<StoreProbe> OpenAsync(StoreKind kind, int port)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, port);
        return new StoreProbe(socket, kind);
    }

    /// <summary>Sends the request; completes when the first byte of the answer arrives.</summary>
    public async Task AskAsync()
    {
        var receiving = _socket.ReceiveAsync(new byte[64], SocketFlags.None);
        await _socket.SendAsync(Request(_kind), SocketFlags.None);
        if (await receiving == 0)
        {
            throw new InvalidOperationException($"The {_kind} server closed the probe connection instead of answering.");
        }
    }

    public void Dispose() => _socket.Dispose();

    private static byte[] Request(StoreKind kind) => kind switch
    {
        StoreKind.Redis => Encoding.ASCII.GetBytes("PING\r\n"),
        // Length 8, then the SSLRequest code 80877103 (1234 << 16 | 5679), both big-endian.
        StoreKind.Postgres => [0, 0, 0, 8, 0x04, 0xD2, 0x16, 0x2F],
        _ => throw new ArgumentException($"A {kind} store has no server to probe.", nameof(kind)),
    };
}
