using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Conveyor.Encryption;

/// <summary>
/// Encrypts and decrypts job arguments: ECIES on P-256. Each job gets an ephemeral key pair; its agreement with the
/// recipient's key, through HKDF-SHA256 (salt: the ephemeral public key; info: the scheme and key version), gives an
/// AES-256-GCM key; the job's kind and queue are the associated data, so a ciphertext moved to another kind or queue
/// fails to decrypt. The stored arguments are the envelope
/// <c>{"conveyor_encrypted":{"v":1,"kid":…,"epk":…,"nonce":…,"ct":…,"tag":…}}</c> (bytes as base64).
/// </summary>
public sealed class ArgumentsCipher(ArgumentsEncryptionOptions options)
{
    private const string EnvelopeName = "conveyor_encrypted";
    private const string Scheme = "conveyor-args-v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The envelope of <paramref name="plaintext"/> for a job of <paramref name="kind"/> on <paramref name="queue"/>.</summary>
    public byte[] Encrypt(string kind, string queue, ReadOnlySpan<byte> plaintext)
    {
        if (options.CurrentKey is not { } recipient || options.CurrentKeyId is not { } keyId)
        {
            throw new InvalidOperationException($"Arguments of '{kind}' are to be encrypted, but no public key is set: call c.EncryptArguments(e => e.EncryptWith(keyId, publicKeyPem)).");
        }

        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var epk = ephemeral.ExportSubjectPublicKeyInfo();
        var key = DeriveKey(ephemeral.DeriveRawSecretAgreement(recipient.PublicKey), epk, keyId);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagBytes];
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(kind, queue));
        }

        return JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, Envelope>
            {
                [EnvelopeName] = new(1, keyId, Convert.ToBase64String(epk), Convert.ToBase64String(nonce), Convert.ToBase64String(ciphertext), Convert.ToBase64String(tag)),
            },
            Json);
    }

    /// <summary>Whether <paramref name="stored"/> is an envelope (without decrypting it).</summary>
    /// <remarks>Looks only at the first bytes, where the envelope's name stands, so no job's arguments are scanned whole.</remarks>
    public static bool IsEnvelope(ReadOnlySpan<byte> stored) =>
        stored[..Math.Min(stored.Length, 32)].IndexOf("\"conveyor_encrypted\""u8) >= 0;

    /// <summary>
    /// Decrypts an envelope of a job of <paramref name="kind"/> on <paramref name="queue"/>; false with the reason when it
    /// cannot be read or fails authentication (tampered, moved, or a key this worker lacks).
    /// </summary>
    public bool TryDecrypt(string kind, string queue, ReadOnlyMemory<byte> stored, out byte[] plaintext, out string error)
    {
        plaintext = [];
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Dictionary<string, Envelope>>(stored.Span, Json)?.GetValueOrDefault(EnvelopeName);
        }
        catch (JsonException ex)
        {
            error = $"the encrypted arguments' envelope cannot be read: {ex.Message}";
            return false;
        }

        if (envelope is not { V: 1 } e || e.Kid is null || e.Epk is null || e.Nonce is null || e.Ct is null || e.Tag is null)
        {
            error = "the encrypted arguments' envelope is incomplete or of an unknown version.";
            return false;
        }

        if (!options.PrivateKeys.TryGetValue(e.Kid, out var privateKey))
        {
            error = $"no private key '{e.Kid}' on this worker to decrypt the arguments (see ArgumentsEncryptionOptions.DecryptWith).";
            return false;
        }

        try
        {
            var epk = Convert.FromBase64String(e.Epk);
            using var sender = ECDiffieHellman.Create();
            sender.ImportSubjectPublicKeyInfo(epk, out _);
            var key = DeriveKey(privateKey.DeriveRawSecretAgreement(sender.PublicKey), epk, e.Kid);
            var ciphertext = Convert.FromBase64String(e.Ct);
            plaintext = new byte[ciphertext.Length];
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(Convert.FromBase64String(e.Nonce), ciphertext, Convert.FromBase64String(e.Tag), plaintext, AssociatedData(kind, queue));
            error = string.Empty;
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or ArgumentException)
        {
            plaintext = [];
            error = $"the encrypted arguments fail authentication (tampered, moved to another kind or queue, or not made with key '{e.Kid}'): {ex.Message}";
            return false;
        }
    }

    private static byte[] DeriveKey(byte[] shared, byte[] epk, string keyId) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, 32, epk, Encoding.UTF8.GetBytes($"{Scheme}|{keyId}"));

    private static byte[] AssociatedData(string kind, string queue) => Encoding.UTF8.GetBytes($"{Scheme}\n{kind}\n{queue}");

    /// <summary>The stored envelope's fields.</summary>
    private sealed record Envelope(int V, string? Kid, string? Epk, string? Nonce, string? Ct, string? Tag);
}
