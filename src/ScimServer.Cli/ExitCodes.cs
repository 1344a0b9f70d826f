namespace ScimServer.Cli;

/// <summary>scimctl's exit codes, as the README lists them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Some rows or users failed; the rest were applied.</summary>
    public const int SomeFailed = 1;

    /// <summary>A usage or validation error: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>Refused by a safety limit (sync's --max-deactivate): nothing was sent.</summary>
    public const int Refused = 3;

    /// <summary>The server failed or could not be reached.</summary>
    public const int ServerFailure = 4;
}
