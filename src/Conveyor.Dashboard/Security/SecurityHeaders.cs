using Microsoft.AspNetCore.Http;

namespace Conveyor.Dashboard.Security;

/// <summary>The headers on every dashboard response: a strict CSP (no inline script or style anywhere), nosniff, no referrer, no framing.</summary>
internal static class SecurityHeaders
{
    /// <summary>The Content-Security-Policy.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>Sets the headers on a response that has not started.</summary>
    public static void Apply(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
    }
}
