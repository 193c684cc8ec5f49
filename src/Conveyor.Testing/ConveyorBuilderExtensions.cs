using Microsoft.Extensions.DependencyInjection;

namespace Conveyor;

/// <summary>Registers the in-memory store.</summary>
public static class InMemoryConveyorBuilderExtensions
{
    /// <summary>Uses one <see cref="Testing.InMemoryJobStore"/> per container, on the container's <see cref="TimeProvider"/>.</summary>
    public static ConveyorBuilder UseInMemory(this ConveyorBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseStore(sp => new Testing.InMemoryJobStore(sp.GetRequiredService<TimeProvider>()));
    }
}
