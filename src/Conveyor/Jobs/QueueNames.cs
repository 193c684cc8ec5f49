using System.Text.RegularExpressions;

namespace Conveyor;

/// <summary>Queue naming rules shared by the client, the options and the CLI.</summary>
public static partial class QueueNames
{
    /// <summary>The queue used when none is named.</summary>
    public const string Default = "default";

    /// <summary>Whether <paramref name="name"/> is a valid queue name: 1–64 of <c>a-z A-Z 0-9 _ - .</c>.</summary>
    public static bool IsValid(string? name) => name is not null && ValidName().IsMatch(name);

    /// <summary>Throws a clear error for an invalid queue name.</summary>
    /// <exception cref="ArgumentException">The name is invalid.</exception>
    public static string Validate(string? name, string paramName = "queue") =>
        IsValid(name)
            ? name!
            : throw new ArgumentException(
                $"Invalid queue name '{name}': use 1 to 64 characters from letters, digits, '_', '-' and '.'.", paramName);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ValidName();
}
