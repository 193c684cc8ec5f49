namespace Conveyor.Testing.Processes.Servers;

/// <summary>How <see cref="PostgresServer.RestartAsync"/> shuts the server down (pg_ctl's <c>-m</c>).</summary>
public enum ShutdownMode
{
    /// <summary>Ends every session, then checkpoints: clients see their connections dropped.</summary>
    Fast,

    /// <summary>Ends every process at once, no checkpoint: the next start runs crash recovery, as after a server crash.</summary>
    Immediate,
}
