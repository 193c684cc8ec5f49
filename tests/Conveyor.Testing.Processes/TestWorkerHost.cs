using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Testing.Processes;

/// <summary>How a test worker program begins: its settings, its ledger, and only warnings and errors on the console.</summary>
public static class TestWorkerHost
{
    /// <summary>
    /// A host builder with <typeparamref name="TSettings"/> bound from the <c>--Name value</c> arguments (over the
    /// environment variables starting with <paramref name="environmentPrefix"/>, when given) and registered, the
    /// worker's <see cref="Ledger"/> registered, and console logging of warnings and errors. Null, after writing the
    /// reason to standard error, when a required setting is missing.
    /// </summary>
    public static HostApplicationBuilder? CreateBuilder<TSettings>(string[] args, out TSettings settings, string? environmentPrefix = null)
        where TSettings : TestWorkerSettings, new()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (environmentPrefix is not null)
        {
            builder.Configuration.AddEnvironmentVariables(environmentPrefix);
        }

        builder.Configuration.AddCommandLine(args);
        settings = builder.Configuration.Get<TSettings>() ?? new TSettings();
        try
        {
            settings.Validate();
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }

        var ledger = settings.Ledger;
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(_ => new Ledger(ledger));
        return builder;
    }
}
