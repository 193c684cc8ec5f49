namespace Conveyor;

/// <summary>Every registered job kind, looked up by stored name. Built once at start; read-only after.</summary>
public sealed class JobRegistry
{
    private readonly Dictionary<string, JobRegistration> _byKind = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, List<JobRegistration>> _subscribersByEvent = [];

    /// <summary>Creates the registry from registrations; two registrations of one kind are an error.</summary>
    /// <exception cref="InvalidOperationException">A kind is registered twice.</exception>
    public JobRegistry(IEnumerable<JobRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (!_byKind.TryAdd(registration.Kind, registration))
            {
                throw new InvalidOperationException(
                    $"Job kind '{registration.Kind}' is registered twice ({_byKind[registration.Kind].HandlerType.Name} and {registration.HandlerType.Name}).");
            }

            if (registration.EventKind is not null)
            {
                if (!_subscribersByEvent.TryGetValue(registration.ArgsType, out var list))
                {
                    _subscribersByEvent[registration.ArgsType] = list = [];
                }

                list.Add(registration);
            }
        }
    }

    /// <summary>All registrations.</summary>
    public IEnumerable<JobRegistration> All => _byKind.Values;

    /// <summary>The registration of a kind, if any.</summary>
    public JobRegistration? Find(string kind) => _byKind.GetValueOrDefault(kind);

    /// <summary>The subscribers of an event type, in registration order (empty if none).</summary>
    public IReadOnlyList<JobRegistration> SubscribersOf(Type eventType) =>
        _subscribersByEvent.TryGetValue(eventType, out var list) ? list : [];
}
