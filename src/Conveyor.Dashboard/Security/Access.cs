namespace Conveyor.Dashboard.Security;

/// <summary>What the dashboard does with a request before anything else.</summary>
internal enum Access
{
    /// <summary>Serve it.</summary>
    Allow,

    /// <summary>401 with a challenge: credentials are configured and the request did not carry the right ones.</summary>
    Challenge,

    /// <summary>403: nothing opens the dashboard to remote requests, and this one is not from a loopback address.</summary>
    Forbid,
}
