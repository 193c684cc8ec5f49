namespace Conveyor;

/// <summary>
/// The arguments of a job type. The stable <see cref="Kind"/> name, never a CLR type name, is what is stored,
/// so renaming or moving the class never breaks stored jobs. Keep arguments small: ids, not objects.
/// </summary>
public interface IJobArgs
{
    /// <summary>The stable name stored with every job of this type, e.g. <c>send_confirmation_email</c>.</summary>
    static abstract string Kind { get; }
}
