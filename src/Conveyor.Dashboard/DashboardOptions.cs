using Conveyor.Health;

namespace Conveyor.Dashboard;

/// <summary>
/// How the dashboard is secured and what it shows. With nothing configured it answers loopback requests only (403 to
/// any other address); <see cref="AuthorizationPolicy"/>, <see cref="BasicAuth"/> or <see cref="Token"/> open it to
/// remote requests that pass them.
/// </summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// The name of an ASP.NET Core authorisation policy the app defines; when set, every dashboard endpoint requires it
    /// (the app's authentication and authorisation middleware decide), and requests from any address that pass it are served.
    /// </summary>
    public string? AuthorizationPolicy { get; set; }

    /// <summary>The health rules the health page evaluates; the <c>c.Alerts(…)</c> rules when alerts are on, else the defaults.</summary>
    public HealthRules? HealthRules { get; set; }

    /// <summary>When true, no action is shown and every POST gets 403: the dashboard only reads.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>How often the overview's charts and counts refresh in the browser. Default 5 seconds.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many job ids one page of a text search reads at most, newest first (default 200,000: about 80 ms on
    /// PostgreSQL). A text few jobs contain would otherwise read the whole table for one page; when the window runs out
    /// first, the page says where it stopped and links to the next window.
    /// </summary>
    public long TextSearchWindow
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The text search window must be at least one id.");
    } = 200_000;

    /// <summary>The user and password of HTTP basic authentication, when set with <see cref="BasicAuth"/>.</summary>
    internal (string User, string Password)? Basic { get; private set; }

    /// <summary>The token of bearer authentication, when set with <see cref="Token"/>.</summary>
    internal string? BearerToken { get; private set; }

    /// <summary>Whether <see cref="BasicAuth"/> or <see cref="Token"/> was called.</summary>
    internal bool HasCredentials => Basic is not null || BearerToken is not null;

    /// <summary>
    /// Requires HTTP basic authentication with this user and password on every request, from any address (browsers
    /// prompt for them). Use it over HTTPS only: basic credentials travel in clear.
    /// </summary>
    public DashboardOptions BasicAuth(string user, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A basic-auth user cannot contain ':'.", nameof(user));
        }

        Basic = (user, password);
        return this;
    }

    /// <summary>
    /// Requires a token on every request, from any address: <c>Authorization: Bearer TOKEN</c> for scripts, or basic
    /// authentication with any user and the token as the password for browsers. Use it over HTTPS only.
    /// </summary>
    public DashboardOptions Token(string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        BearerToken = token;
        return this;
    }
}
