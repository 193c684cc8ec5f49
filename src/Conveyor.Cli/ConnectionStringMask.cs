using System.Text.RegularExpressions;

namespace Conveyor.Cli;

/// <summary>Hides passwords in connection strings and in any text that quotes one, so no output ever shows them.</summary>
internal static partial class ConnectionStringMask
{
    /// <summary>What a password is replaced with.</summary>
    public const string Hidden = "***";

    /// <summary>
    /// <paramref name="text"/> with the value of every password-like key (<c>Password</c>, <c>SSL Password</c>,
    /// <c>Pwd</c>, <c>Psw</c>, any case) replaced by <see cref="Hidden"/>, quoted values included.
    /// </summary>
    public static string Mask(string text) => PasswordValue().Replace(text, "${key}" + Hidden);

    /// <summary>
    /// <paramref name="text"/>, a StackExchange.Redis configuration (<c>,</c> between options, no quoting), with the
    /// value of every <c>password</c> option (any case) replaced by <see cref="Hidden"/>.
    /// </summary>
    public static string MaskRedis(string text) => RedisPasswordValue().Replace(text, "${key}" + Hidden);

    [GeneratedRegex("""(?<key>(?:password|pwd|psw)\s*=\s*)(?:'[^']*'|"[^"]*"|[^;]*)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordValue();

    [GeneratedRegex("""(?<key>password\s*=\s*)[^,]*""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RedisPasswordValue();
}
