namespace ScimServer.Hosting;

/// <summary>The first-start secrets of the <c>Scim</c> section (env <c>Scim__BootstrapToken</c>, <c>Scim__AdminToken</c>).</summary>
public sealed class BootstrapOptions
{
    /// <summary>The bearer token of the <c>default</c> tenant created on first start; random (and printed once) if unset.</summary>
    public string? BootstrapToken { get; set; }

    /// <summary>The server-admin token for the admin API; random (and printed once) if unset.</summary>
    public string? AdminToken { get; set; }
}
