namespace ScimServer.Core.Storage;

/// <summary>
/// A role of a tenant's catalog (the seeds: five system roles, plus custom roles a tenant adds). Only roles marked
/// <see cref="ServiceAccountEligible"/> may hold a service account (TenantAdmin and Administrator by default).
/// </summary>
public sealed record RoleDefinition(string Name, string DisplayName, bool ServiceAccountEligible, bool System);
