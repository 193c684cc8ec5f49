using Npgsql;

namespace Conveyor.Cli.Tests;

public sealed class StoreSpecTests
{
    [Theory]
    [InlineData("postgres:Host=db;Password=secret", "postgres:Host=db;Password=secret")]
    [InlineData("", StoreSpec.Default)]
    [InlineData("  ", StoreSpec.Default)]
    [InlineData(null, StoreSpec.Default)]
    public void FromEnvironment_ReturnsConveyorStore_OrTheDefaultWhenUnset(string? variable, string expected)
    {
        var store = StoreSpec.FromEnvironment(name => name == "CONVEYOR_STORE" ? variable : "sqlite:wrong-variable.db");

        Assert.Equal(expected, store);
    }

    [Theory]
    [InlineData("sqlite:conveyor.db", "sqlite", "conveyor.db")]
    [InlineData("sqlite:/var/lib/jobs.db", "sqlite", "/var/lib/jobs.db")]
    [InlineData("memory", "memory", null)]
    [InlineData("", "sqlite", "conveyor.db")]
    public void Parse_ReturnsSchemeAndPath_WhenWellFormed(string text, string scheme, string? path)
    {
        var spec = StoreSpec.Parse(text);

        Assert.Equal(scheme, spec.Scheme);
        Assert.Equal(path, spec.Path);
        Assert.Null(spec.Postgres);
    }

    [Theory]
    [InlineData("conveyor.db")]
    [InlineData("sqlite:")]
    [InlineData("postgres:")]
    [InlineData("mysql:Server=localhost")]
    public void Parse_Throws_WhenSchemeIsUnknownOrPathMissing(string text)
    {
        var error = Assert.Throws<CliException>(() => StoreSpec.Parse(text));

        Assert.Contains(text.StartsWith("postgres", StringComparison.Ordinal) ? "postgres:CONNSTR" : "sqlite:PATH", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TakesTheSchemaOutOfTheConnectionString_WhenSchemaIsGiven()
    {
        var spec = StoreSpec.Parse("postgres:Host=db.internal;Port=5433;Username=app;Database=shop;schema=jobs_eu");

        var pg = Assert.IsType<PostgresSpec>(spec.Postgres);
        Assert.Equal("postgres", spec.Scheme);
        Assert.Equal("jobs_eu", pg.Schema);
        Assert.DoesNotContain("schema", pg.ConnectionString, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Database=shop", pg.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("db.internal:5433", pg.Endpoint);
        Assert.Equal("schema jobs_eu of database shop at db.internal:5433", spec.Location);
    }

    [Fact]
    public void Parse_UsesTheConveyorSchemaAndPort5432_WhenTheConnectionStringNamesNeither()
    {
        var pg = StoreSpec.Parse("postgres:Host=localhost;Username=app;Database=shop").Postgres!;

        Assert.Equal("conveyor", pg.Schema);
        Assert.Equal("localhost:5432", pg.Endpoint);
    }

    [Theory]
    [InlineData("postgres:Host=localhost;Username=app;Password=hunter2;Database=shop")]
    [InlineData("postgres:Host=localhost;Username=app;password = 'hun;ter2';Database=shop")]
    [InlineData("postgres:Host=localhost;PWD=hunter2;SSL Password=hunter2")]
    public void ToString_MasksThePassword_WhenTheConnectionStringHasOne(string text)
    {
        var spec = StoreSpec.Parse(text);

        Assert.DoesNotContain("hunter2", spec.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", spec.Postgres!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", $"{spec}", StringComparison.Ordinal);
        Assert.Contains("***", spec.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(spec.Postgres.ConnectionString).Password));
    }

    [Theory]
    [InlineData("postgres:Hots=localhost;Password=hunter2", "'hots' is not a PostgreSQL connection setting")]
    [InlineData("postgres:Host=localhost;Port=x;Password=hunter2", "'port' is not a PostgreSQL connection setting, or its value is invalid")]
    [InlineData("postgres:Username=app;Password=hunter2", "names no Host")]
    [InlineData("postgres:Host=localhost;Password='hunter2", "is not a connection string")]
    [InlineData("postgres:Host=localhost;Password=hunter2;Schema=Jobs-EU", "Invalid schema name 'Jobs-EU'")]
    [InlineData("postgresql:Host=localhost;Password=hunter2", "Unknown store")]
    public void Parse_ThrowsWithoutThePassword_WhenTheConnectionStringIsBad(string text, string expected)
    {
        var error = Assert.Throws<CliException>(() => StoreSpec.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }
}
