namespace Conveyor.Storage;

/// <summary>Versioned, idempotent schema migrations of a store.</summary>
public interface IStoreMigrator
{
    /// <summary>The versions applied, ascending.</summary>
    ValueTask<IReadOnlyList<int>> GetAppliedVersionsAsync(CancellationToken ct);

    /// <summary>Every version the store knows, ascending.</summary>
    IReadOnlyList<int> KnownVersions { get; }

    /// <summary>Migrates up (or down) to <paramref name="targetVersion"/>, or to the latest when null. Safe to run twice.</summary>
    ValueTask MigrateAsync(int? targetVersion, CancellationToken ct);

    /// <summary>The SQL (or script) that migrating up to the latest version would run, for review.</summary>
    string PrintScript();
}
