using System.Text.RegularExpressions;

namespace Conveyor.Recurring;

/// <summary>Schedule naming rules shared by the builder and the CLI.</summary>
public static partial class ScheduleNames
{
    /// <summary>Throws unless <paramref name="name"/> is 1–128 of <c>a-z A-Z 0-9 _ - . :</c>; returns it.</summary>
    public static string Validate(string? name, string paramName = "name") =>
        name is not null && ValidName().IsMatch(name)
            ? name
            : throw new ArgumentException($"Invalid schedule name '{name}': use 1-128 of a-z A-Z 0-9 _ - . :", paramName);

    [GeneratedRegex("^[a-zA-Z0-9_.:-]{1,128}$")]
    private static partial Regex ValidName();
}
