namespace ScimServer.Telemetry;

/// <summary>
/// Tag names of spans and metrics: OpenTelemetry's semantic conventions where one exists (<c>http.*</c>), else
/// <c>scim.*</c>. Prometheus shows them with underscores (<c>scim_tenant</c>).
/// </summary>
internal static class TagNames
{
    public const string Route = "http.route";
    public const string Method = "http.request.method";
    public const string Status = "http.response.status_code";
    public const string Tenant = "scim.tenant";
    public const string ResourceType = "scim.resource_type";
    public const string StoreOperation = "scim.store.operation";
    public const string Outcome = "scim.outcome";
}
