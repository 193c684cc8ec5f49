using Conveyor.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Postgres.Tests;

/// <summary>Schema names, capabilities and the DI registration.</summary>
public sealed class PostgresStoreOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("bad-name")]
    [InlineData("1st")]
    [InlineData("a b")]
    [InlineData("x\"; DROP TABLE jobs; --")]
    [InlineData("pg_jobs")]
    [InlineData("schéma")]
    public void Schema_Throws_WhenNotAPlainIdentifier(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresStoreOptions { Schema = name });

        Assert.Contains("Invalid schema name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_Throws_WhenLongerThanFiftyEightCharacters()
    {
        Assert.Throws<ArgumentException>(() => new PostgresStoreOptions { Schema = new string('s', 59) });
        Assert.Equal(58, new PostgresStoreOptions { Schema = new string('s', 58) }.Schema.Length);
    }

    [Theory]
    [InlineData("conveyor")]
    [InlineData("_jobs")]
    [InlineData("Tenant_42")]
    public void Schema_KeepsAPlainIdentifier(string name) => Assert.Equal(name, new PostgresStoreOptions { Schema = name }.Schema);

    [Fact]
    public void Defaults_AreTheConveyorSchemaWithNotifications()
    {
        var options = new PostgresStoreOptions();

        Assert.Equal(("conveyor", true), (options.Schema, options.Notifications));
    }

    [Fact]
    public async Task Capabilities_DeclareTransactionalEnqueueSeveralProcessesAndMigrations()
    {
        await using var store = new PostgresJobStore("Host=localhost", new PostgresStoreOptions());

        Assert.Equal(
            new StoreCapabilities { Name = "postgres", TransactionalEnqueue = true, MultiProcess = true, OrderingKeys = true, Migrations = true },
            store.Capabilities);
    }

    [Fact]
    public async Task UsePostgres_RegistersTheStoreUnderEveryInterfaceItImplements()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddConveyor(c => c.UsePostgres("Host=localhost", o => o.Schema = "tenant_7"));
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<PostgresJobStore>(provider.GetRequiredService<IJobStore>());

        Assert.Equal("tenant_7", store.Schema);
        Assert.Same(store, provider.GetRequiredService<IJobAdminStore>());
        Assert.Same(store, provider.GetRequiredService<IStoreMigrator>());
        Assert.Same(store, provider.GetRequiredService<INotifier>());
    }

    [Fact]
    public void UsePostgres_Throws_WhenTheConnectionStringIsEmpty()
    {
        var services = new ServiceCollection();

        Assert.Throws<ArgumentException>(() => services.AddConveyor(c => c.UsePostgres(" ")));
    }
}
