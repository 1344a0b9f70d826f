namespace ScimServer.Hosting;

/// <summary>
/// How many failed authentications one client address may make per window (<c>Scim:AuthFailureLimit</c>,
/// <c>Scim:AuthFailureWindowSeconds</c>) before its requests get 429 until the window ends.
/// </summary>
public sealed class AuthenticationLimitOptions
{
    /// <summary>Failed authentications allowed per address and window; 0 turns the limit off.</summary>
    public int AuthFailureLimit { get; set; } = 10;

    /// <summary>The window's length in seconds.</summary>
    public int AuthFailureWindowSeconds { get; set; } = 60;
}
