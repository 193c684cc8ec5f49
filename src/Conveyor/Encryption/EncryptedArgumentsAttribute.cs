namespace Conveyor;

/// <summary>
/// Marks an args type whose arguments hold secrets: the client encrypts them before they reach the store (see
/// <see cref="ArgumentsEncryptionOptions"/>), so the store, its backups, logs and the CLI only ever see ciphertext, and
/// only workers holding the private key can read them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EncryptedArgumentsAttribute : Attribute;
