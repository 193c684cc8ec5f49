using System.Data.Common;

namespace OrderShop.Api;

/// <summary>Adds parameters the same way on SQLite and PostgreSQL (both read <c>@name</c> in SQL).</summary>
internal static class DbCommandExtensions
{
    /// <summary>Adds the parameter <paramref name="name"/> and returns the command.</summary>
    public static DbCommand With(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return command;
    }
}
