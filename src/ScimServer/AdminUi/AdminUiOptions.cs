namespace ScimServer.AdminUi;

/// <summary>The User Management page's settings (section <c>AdminUi</c>).</summary>
internal sealed class AdminUiOptions
{
    public const string SectionName = "AdminUi";

    /// <summary>A session unused for this long ends (the cookie slides with each request).</summary>
    public int IdleTimeoutMinutes { get; set; } = 20;
}
