using System.Security.Cryptography;

namespace Conveyor;

/// <summary>
/// Keys for encrypted arguments (<see cref="EncryptedArgumentsAttribute"/>), each a P-256 key pair under a version id.
/// Producers need only the current public key (<see cref="EncryptWith"/>); workers need the private key of every
/// version still in their queues (<see cref="DecryptWith"/>). To rotate: add the new private key to the workers,
/// then switch the producers' public key; drop the old private key once no job encrypted with it is left.
/// </summary>
public sealed class ArgumentsEncryptionOptions
{
    private readonly Dictionary<string, ECDiffieHellman> _privateKeys = new(StringComparer.Ordinal);

    /// <summary>The version id of the public key new arguments are encrypted with; null when this process only decrypts.</summary>
    public string? CurrentKeyId { get; private set; }

    /// <summary>The public key new arguments are encrypted with.</summary>
    internal ECDiffieHellman? CurrentKey { get; private set; }

    /// <summary>The private keys this process decrypts with, by version id.</summary>
    internal IReadOnlyDictionary<string, ECDiffieHellman> PrivateKeys => _privateKeys;

    /// <summary>Encrypts new arguments with this P-256 public key (PEM, SubjectPublicKeyInfo) under version <paramref name="keyId"/>.</summary>
    public ArgumentsEncryptionOptions EncryptWith(string keyId, string publicKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        CurrentKey = Import(keyId, publicKeyPem, "public");
        CurrentKeyId = keyId;
        return this;
    }

    /// <summary>Decrypts arguments encrypted under version <paramref name="keyId"/> with this P-256 private key (PEM).</summary>
    public ArgumentsEncryptionOptions DecryptWith(string keyId, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyId);
        _privateKeys[keyId] = Import(keyId, privateKeyPem, "private");
        return this;
    }

    private static ECDiffieHellman Import(string keyId, string pem, string which)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (ArgumentException ex)
        {
            key.Dispose();
            throw new ArgumentException($"Key '{keyId}': not a {which} key in PEM: {ex.Message}", nameof(pem), ex);
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new ArgumentException($"Key '{keyId}': a P-256 {which} key is needed; this one has {key.KeySize} bits.", nameof(pem));
        }

        return key;
    }
}
