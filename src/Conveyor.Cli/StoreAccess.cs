namespace Conveyor.Cli;

/// <summary>What a command does with its store, which decides whether opening may create or migrate it.</summary>
internal enum StoreAccess
{
    /// <summary>Reads and repairs: the store must exist, so a typo in <c>--store</c> never shows an empty new one.</summary>
    Read,

    /// <summary>Writes jobs: a missing store is created and migrated to the latest version.</summary>
    Write,

    /// <summary>Migrates: a missing SQLite file is created, and nothing is migrated until the command says so.</summary>
    Migrate,
}
