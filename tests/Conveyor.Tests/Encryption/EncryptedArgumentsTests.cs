using System.Security.Cryptography;
using System.Text;
using Conveyor.Encryption;
using Conveyor.Storage;
using Conveyor.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Tests.Encryption;

/// <summary>Arguments marked [EncryptedArguments]: ciphertext in the store, plaintext in the handler, tampering discarded.</summary>
public sealed class EncryptedArgumentsTests
{
    private const string Secret = "4111-1111-1111-1111";
    private static readonly (string Public, string Private) Key1 = NewKey();
    private static readonly (string Public, string Private) Key2 = NewKey();

    [Fact]
    public async Task TheHandlerGetsThePlaintext_WhileTheStoreKeepsOnlyCiphertext()
    {
        await using var host = await StartAsync(e => e.EncryptWith("k1", Key1.Public).DecryptWith("k1", Key1.Private));

        var id = await host.Client.EnqueueAsync(new ChargeCard(Secret));

        await host.WaitForAsync(id, JobState.Completed);
        var stored = await host.Admin.GetJobAsync(new GetJobRequest { JobId = id }, CancellationToken.None);
        var text = Encoding.UTF8.GetString(stored!.Args.Span);
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.Contains("\"kid\":\"k1\"", text, StringComparison.Ordinal);
        Assert.Equal([Secret], Cards(host));
    }

    [Fact]
    public async Task JobsStillRun_AfterTheKeyIsRotated()
    {
        await using var host = await StartAsync(e => e.EncryptWith("k1", Key1.Public).DecryptWith("k1", Key1.Private).DecryptWith("k2", Key2.Private));
        var old = await host.Client.EnqueueAsync(new ChargeCard("old-card"));
        await host.WaitForAsync(old, JobState.Completed);

        var rotated = new ArgumentsCipher(new ArgumentsEncryptionOptions().EncryptWith("k2", Key2.Public));
        var id = await InsertRawAsync(host, ChargeCard.Kind, "default", rotated.Encrypt(ChargeCard.Kind, "default", Encoding.UTF8.GetBytes($"{{\"card\":\"{Secret}\"}}")));

        await host.WaitForAsync(id, JobState.Completed);
        Assert.Equal([Secret, "old-card"], Cards(host).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("tampered")]
    [InlineData("moved")]
    [InlineData("unknown key")]
    public async Task ATamperedMovedOrUnreadableEnvelope_IsDiscardedAsIntegrity_AndNeverRuns(string damage)
    {
        await using var host = await StartAsync(e => e.EncryptWith("k1", Key1.Public).DecryptWith("k1", Key1.Private));
        var producer = new ArgumentsCipher(new ArgumentsEncryptionOptions().EncryptWith(damage == "unknown key" ? "k9" : "k1", damage == "unknown key" ? Key2.Public : Key1.Public));
        var envelope = producer.Encrypt(ChargeCard.Kind, "default", Encoding.UTF8.GetBytes($"{{\"card\":\"{Secret}\"}}"));
        var queue = damage == "moved" ? "other" : "default";
        if (damage == "tampered")
        {
            var text = Encoding.UTF8.GetString(envelope);
            var at = text.IndexOf("\"ct\":\"", StringComparison.Ordinal) + 6;
            envelope = Encoding.UTF8.GetBytes(text[..at] + (text[at] == 'A' ? 'B' : 'A') + text[(at + 1)..]);
        }

        var id = await InsertRawAsync(host, ChargeCard.Kind, queue, envelope);

        var job = await host.WaitForAsync(id, JobState.Discarded);
        var error = Assert.Single(job.Errors);
        Assert.Equal("integrity", error.ExceptionType);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
        Assert.Empty(Cards(host));
    }

    [Fact]
    public async Task AWorkerWithoutKeys_DiscardsAsIntegrity_AndAProducerWithoutAPublicKeyRefusesToEnqueue()
    {
        await using var host = await StartAsync(configure: null);
        var producer = new ArgumentsCipher(new ArgumentsEncryptionOptions().EncryptWith("k1", Key1.Public));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.EnqueueAsync(new ChargeCard(Secret)).AsTask());
        var id = await InsertRawAsync(host, ChargeCard.Kind, "default", producer.Encrypt(ChargeCard.Kind, "default", Encoding.UTF8.GetBytes("{\"card\":\"x\"}")));

        Assert.Contains("[EncryptedArguments]", error.Message, StringComparison.Ordinal);
        var job = await host.WaitForAsync(id, JobState.Discarded);
        Assert.Contains("no decryption keys", Assert.Single(job.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_AreCheckedWhenSet()
    {
        using var rsa = RSA.Create(2048);
        var notPem = Assert.Throws<ArgumentException>(() => new ArgumentsEncryptionOptions().EncryptWith("k1", "not a key"));
        Assert.Contains("Key 'k1'", notPem.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => new ArgumentsEncryptionOptions().DecryptWith("k1", rsa.ExportPkcs8PrivateKeyPem()));
    }

    private static (string Public, string Private) NewKey()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return (key.ExportSubjectPublicKeyInfoPem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static Task<TestHost> StartAsync(Action<ArgumentsEncryptionOptions>? configure) =>
        TestHost.StartAsync(c =>
        {
            c.AddHandler<ChargeCardHandler>().Queue("default", 1).Queue("other", 1);
            c.Services.AddSingleton<CardsSeen>();
            if (configure is not null)
            {
                c.EncryptArguments(configure);
            }
        });

    private static IReadOnlyCollection<string> Cards(TestHost host) => host.Host.Services.GetRequiredService<CardsSeen>().Cards;

    private static async Task<long> InsertRawAsync(TestHost host, string kind, string queue, byte[] args) =>
        (await host.Host.Services.GetRequiredService<IJobStore>().InsertAsync(
            new InsertJobsRequest { Jobs = [new NewJob { Kind = kind, Queue = queue, Args = args, MaxAttempts = 3 }] },
            CancellationToken.None)).Jobs[0].Id;
}

/// <summary>A job whose argument is a secret.</summary>
[EncryptedArguments]
public sealed record ChargeCard(string Card) : IJobArgs
{
    public static string Kind => "charge_card";
}

/// <summary>The cards the handler saw, in plaintext.</summary>
public sealed class CardsSeen
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Cards { get; } = new();
}

/// <summary>Records the card it was given.</summary>
public sealed class ChargeCardHandler(CardsSeen seen) : IJobHandler<ChargeCard>
{
    public Task HandleAsync(ChargeCard args, JobContext context, CancellationToken ct)
    {
        seen.Cards.Enqueue(args.Card);
        return Task.CompletedTask;
    }
}
