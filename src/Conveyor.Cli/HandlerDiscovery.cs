using System.Reflection;
using System.Runtime.Loader;

namespace Conveyor.Cli;

/// <summary>Finds the job handlers in a user's assembly so <c>conveyor worker --assembly</c> can run them.</summary>
internal static class HandlerDiscovery
{
    private static readonly MethodInfo AddHandler = typeof(ConveyorBuilder).GetMethod(nameof(ConveyorBuilder.AddHandler))!;

    /// <summary>Loads the assembly at <paramref name="path"/>; its own dependencies are looked up next to it.</summary>
    public static Assembly Load(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CliException($"--assembly: no file at {full}.");
        }

        var directory = Path.GetDirectoryName(full)!;
        AssemblyLoadContext.Default.Resolving += (context, name) =>
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
        };
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(full);
        }
        catch (BadImageFormatException ex)
        {
            throw new CliException($"--assembly: {full} is not a .NET assembly ({ex.Message}).");
        }
    }

    /// <summary>Every public, non-abstract class implementing <see cref="IJobHandler{TArgs}"/>, by name.</summary>
    public static IReadOnlyList<Type> FindHandlers(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            throw new CliException($"--assembly: {assembly.GetName().Name} could not be read: {ex.LoaderExceptions.FirstOrDefault()?.Message ?? ex.Message}");
        }

        return [.. types
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false })
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJobHandler<>)))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];
    }

    /// <summary>Registers each handler with <see cref="ConveyorBuilder.AddHandler{THandler}"/> and its default options.</summary>
    public static void Register(ConveyorBuilder c, IEnumerable<Type> handlers)
    {
        foreach (var handler in handlers)
        {
            AddHandler.MakeGenericMethod(handler).Invoke(c, [null]);
        }
    }
}
