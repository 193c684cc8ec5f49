using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Conveyor.Dashboard.Security;

/// <summary>
/// The dashboard's access rule, as one pure function of the options, the connection's remote address and the
/// <c>Authorization</c> header. The address is the connection's, as ASP.NET Core reports it: only the app's
/// ForwardedHeaders middleware (with its known proxies) may replace it; <c>X-Forwarded-For</c> is never read here.
/// </summary>
internal static class AccessDecision
{
    /// <summary>Decides one request.</summary>
    public static Access Decide(DashboardOptions options, IPAddress? remote, string? authorization)
    {
        if (options.AuthorizationPolicy is not null)
        {
            // The app's authorisation middleware has already required the policy of every dashboard endpoint.
            return Access.Allow;
        }

        if (options.HasCredentials)
        {
            return Authenticated(options, authorization) ? Access.Allow : Access.Challenge;
        }

        return IsLoopback(remote) ? Access.Allow : Access.Forbid;
    }

    /// <summary>Whether the address is a loopback one (IPv4-mapped IPv6 included); an unknown address is not.</summary>
    public static bool IsLoopback(IPAddress? remote) =>
        remote is not null && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    /// <summary>The <c>WWW-Authenticate</c> challenges for the configured credentials.</summary>
    public static string[] Challenges(DashboardOptions options) =>
        options.BearerToken is null
            ? ["Basic realm=\"Conveyor dashboard\", charset=\"UTF-8\""]
            : ["Bearer realm=\"Conveyor dashboard\"", "Basic realm=\"Conveyor dashboard\", charset=\"UTF-8\""];

    private static bool Authenticated(DashboardOptions options, string? authorization)
    {
        if (authorization is null || !AuthenticationHeaderValue.TryParse(authorization, out var header) || header.Parameter is null)
        {
            return false;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return options.BearerToken is { } bearer && SecretEquals(header.Parameter, bearer);
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || Decode(header.Parameter) is not { } pair)
        {
            return false;
        }

        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return false;
        }

        var (user, password) = (pair[..colon], pair[(colon + 1)..]);
        // The user and the password are both compared, so timing does not tell which one was wrong.
        var basic = options.Basic is { } b && SecretEquals(user, b.User) & SecretEquals(password, b.Password);
        var token = options.BearerToken is { } t && SecretEquals(password, t);
        return basic | token;
    }

    private static string? Decode(string base64)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// Compares in constant time: both values are hashed to 32 bytes first, so neither the content nor the length of
    /// the secret leaks through how long the comparison takes.
    /// </summary>
    private static bool SecretEquals(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
