namespace ScimServer.Core.Storage;

/// <summary>An isolated customer workspace, with the role catalog and organizations its users are checked against.</summary>
public sealed record TenantRecord
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset Created { get; init; }

    /// <summary>The role catalog: the system roles and the tenant's custom roles.</summary>
    public IReadOnlyList<RoleDefinition> Roles { get; init; } = SystemRoles;

    /// <summary>The roles a user gets when a client sends none (every user holds at least one role).</summary>
    public IReadOnlyList<string> DefaultRoles { get; init; } = [DefaultRole];

    /// <summary>The organizations users of this tenant may belong to; empty means any name is accepted.</summary>
    public IReadOnlyList<string> Organizations { get; init; } = [];

    public const string DefaultRole = "Analyst";

    /// <summary>
    /// The five system roles of the product (mindzie user management), broadest first. TenantAdmin is shown as
    /// "Server Administrator"; it and Administrator may be promoted to service accounts.
    /// </summary>
    public static IReadOnlyList<RoleDefinition> SystemRoles { get; } =
    [
        new("TenantAdmin", "Server Administrator", ServiceAccountEligible: true, System: true),
        new("Administrator", "Administrator", ServiceAccountEligible: true, System: true),
        new("ITAdmin", "IT Admin", ServiceAccountEligible: false, System: true),
        new("Analyst", "Analyst", ServiceAccountEligible: false, System: true),
        new("Developer", "Developer", ServiceAccountEligible: false, System: true),
    ];

    /// <summary>The catalog role of this name (role names compare case-insensitively), or null.</summary>
    public RoleDefinition? FindRole(string name) =>
        Roles.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
}
