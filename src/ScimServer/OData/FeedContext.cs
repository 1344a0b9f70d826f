using ScimServer.Core.Storage;

namespace ScimServer.OData;

/// <summary>The tenant an OData request reads and the service root its links start with.</summary>
internal sealed record FeedContext(TenantRecord Tenant, string ServiceRoot);
