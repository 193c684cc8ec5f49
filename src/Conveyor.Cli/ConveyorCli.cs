using System.CommandLine;
using System.Data.Common;
using Conveyor.Cli.Commands;
using Npgsql;
using StackExchange.Redis;

namespace Conveyor.Cli;

/// <summary>
/// The <c>conveyor</c> command line, callable in-process: every command writes to the given writers and returns
/// its exit code. Errors the user can fix are one red line and exit code 1, never a stack trace.
/// </summary>
public static class ConveyorCli
{
    /// <summary>Runs the command line <paramref name="args"/>, writing plain text (no colours, no live display).</summary>
    /// <param name="args">The arguments, as a shell would split them.</param>
    /// <param name="output">Standard output: results and JSON.</param>
    /// <param name="error">Standard error: error lines.</param>
    /// <param name="ct">Stops long-running commands (<c>demo</c>, <c>worker</c>) gracefully, like Ctrl-C.</param>
    /// <returns>The exit code: 0 on success.</returns>
    public static Task<int> InvokeAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct = default) =>
        InvokeAsync(args, CliContext.ForWriters(output, error), ct);

    internal static async Task<int> InvokeAsync(IReadOnlyList<string> args, CliContext cli, CancellationToken ct)
    {
        var store = StoreOption();
        var result = BuildRoot(cli, store).Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var parseError in result.Errors)
            {
                cli.WriteError(parseError.Message);
            }

            return 1;
        }

        try
        {
            return await result.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = cli.OutWriter,
                    Error = cli.ErrorWriter,
                    EnableDefaultExceptionHandler = false,
                    // Ctrl-C and SIGTERM are turned into `ct` by Program, so shutdown is graceful, never forced.
                    ProcessTerminationTimeout = null,
                },
                ct);
        }
        catch (CliException ex)
        {
            cli.WriteError(ex.Message);
        }
        catch (ArgumentException ex)
        {
            cli.WriteError(ex.Message);
        }
        catch (NpgsqlException ex) when (PostgresErrors.Unreachable(ex) is { } reason)
        {
            // Parsed before: only a postgres store gets as far as connecting.
            cli.WriteError($"Cannot reach PostgreSQL at {StoreSpec.Parse(result.GetValue(store)).Postgres?.Endpoint}: {reason}");
        }
        catch (RedisConnectionException ex)
        {
            cli.WriteError($"Cannot reach Redis at {StoreSpec.Parse(result.GetValue(store)).Redis?.Endpoint}: {RedisErrors.Unreachable(ex)}");
        }
        catch (InvalidOperationException ex) when (RedisErrors.Unsafe(ex) is { } refusal)
        {
            cli.WriteError(refusal);
        }
        catch (DbException ex)
        {
            cli.WriteError($"The store could not be read: {ex.Message}");
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            cli.WriteError($"The store could not be read: {ConnectionStringMask.MaskRedis(ex.Message)}");
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cli.WriteError("Cancelled.");
        }

        return 1;
    }

    private static Option<string> StoreOption() => new("--store")
    {
        Description = "The store: sqlite:PATH (default sqlite:conveyor.db), postgres:CONNSTR (Npgsql keys, plus Schema=NAME, default conveyor), "
            + "redis:CONFIG (a StackExchange.Redis configuration, plus prefix=NAME, default conveyor, durable=true, allowUnsafe=true) "
            + $"or memory (demo only: an empty store that ends with the command). Without it, ${StoreSpec.EnvironmentVariable} if set.",
        DefaultValueFactory = _ => StoreSpec.FromEnvironment(Environment.GetEnvironmentVariable),
        Recursive = true,
    };

    private static RootCommand BuildRoot(CliContext cli, Option<string> store)
    {
        var root = new RootCommand("conveyor: run the demo or a worker, enqueue jobs, inspect and repair a Conveyor store.");
        root.Options.Add(store);
        root.Subcommands.Add(DemoCommand.Create(cli, store));
        root.Subcommands.Add(WorkerCommand.Create(cli, store));
        root.Subcommands.Add(EnqueueCommand.Create(cli, store));
        root.Subcommands.Add(StatsCommand.Create(cli, store));
        root.Subcommands.Add(JobsCommand.Create(cli, store));
        root.Subcommands.Add(QueuesCommand.Create(cli, store));
        root.Subcommands.Add(RecurringCommand.Create(cli, store));
        root.Subcommands.Add(BatchesCommand.Create(cli, store));
        root.Subcommands.Add(WorkersCommand.Create(cli, store));
        root.Subcommands.Add(AlertsCommand.Create(cli, store));
        root.Subcommands.Add(DlqCommand.Create(cli, store));
        root.Subcommands.Add(DashboardCommand.Create(cli, store));
        root.Subcommands.Add(MigrateCommand.Create(cli, store));
        root.Subcommands.Add(BenchCommand.Create(cli, store));
        root.Subcommands.Add(BenchCommand.CreateWorker(cli, store));
        root.Subcommands.Add(BenchDashboardCommand.Create(cli, store));
        return root;
    }
}
