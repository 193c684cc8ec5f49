namespace Conveyor.Chaos.Tests.Stores;

/// <summary>The stores every fault test runs on.</summary>
public enum StoreKind
{
    Sqlite,
    Postgres,
    Redis,
}
