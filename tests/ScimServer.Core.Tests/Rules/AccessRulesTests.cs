using Newtonsoft.Json.Linq;
using ScimServer.Core.Rules;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Tests.Rules;

/// <summary>The product rules on stored user documents (shared/seeds), without HTTP.</summary>
public sealed class AccessRulesTests
{
    private static readonly TenantRecord Tenant = new()
    {
        Id = "acme",
        Name = "Acme",
        Created = DateTimeOffset.UnixEpoch,
        Roles = [.. TenantRecord.SystemRoles, new RoleDefinition("Auditor", "Auditor", ServiceAccountEligible: false, System: false)],
        DefaultRoles = ["Analyst"],
    };

    private static JObject Document(string access, string? coreRoles = null)
    {
        var document = JObject.Parse("""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u"}""");
        document["ext"] = new JObject { ["access"] = JObject.Parse(access) };
        if (coreRoles is not null)
        {
            document["roles"] = JArray.Parse(coreRoles);
        }

        return document;
    }

    private static string[] Roles(JObject document) => document["ext"]!["access"]!["roles"]!.Values<string>().ToArray()!;

    [Fact]
    public void Roles_are_resolved_case_insensitively_to_catalog_names_and_mirrored_in_core_roles()
    {
        var document = Document("""{"roles":["auditor","ANALYST","Auditor"]}""");

        AccessRules.Apply(Tenant, document, existing: null, homeTenantExists: false).Should().BeNull();

        Roles(document).Should().Equal("Auditor", "Analyst");
        document["roles"]!.Select(r => (string?)r["value"]).Should().Equal("Auditor", "Analyst");
        document["schemas"]!.Values<string>().Should().Contain("urn:ietf:params:scim:schemas:extension:access:2.0:User");
    }

    [Fact]
    public void An_unknown_role_is_refused_naming_it_and_the_catalog()
    {
        var error = AccessRules.Apply(Tenant, Document("""{"roles":["Pilot"]}"""), existing: null, homeTenantExists: false);

        error!.ScimType.Should().Be("invalidValue");
        error.Detail.Should().Be("Role 'Pilot' is not in the role catalog of tenant 'acme' (TenantAdmin, Administrator, ITAdmin, Analyst, Developer, Auditor).");
    }

    [Fact]
    public void No_role_gets_the_default_roles()
    {
        var document = Document("{}");

        AccessRules.Apply(Tenant, document, existing: null, homeTenantExists: false).Should().BeNull();

        Roles(document).Should().Equal("Analyst");
    }

    [Fact]
    public void On_a_change_the_attribute_that_changed_wins()
    {
        var existing = Document("""{"roles":["Analyst","Developer"]}""", """[{"value":"Analyst"},{"value":"Developer"}]""");
        var coreChanged = Document("""{"roles":["Analyst","Developer"]}""", """[{"value":"Analyst"}]""");
        var extensionChanged = Document("""{"roles":["Developer"]}""", """[{"value":"Analyst"},{"value":"Developer"}]""");

        AccessRules.Apply(Tenant, coreChanged, existing, homeTenantExists: false).Should().BeNull();
        AccessRules.Apply(Tenant, extensionChanged, existing, homeTenantExists: false).Should().BeNull();

        Roles(coreChanged).Should().Equal("Analyst");
        Roles(extensionChanged).Should().Equal("Developer");
    }

    [Theory]
    [InlineData("""{"organizations":["north"],"primaryOrganization":"south"}""", "primaryOrganization 'south' must be one of the user's organizations.")]
    [InlineData("""{"primaryOrganization":"south"}""", "primaryOrganization 'south' must be one of the user's organizations.")]
    public void A_primary_organization_must_be_one_of_the_organizations(string access, string detail)
    {
        AccessRules.Apply(Tenant, Document(access), existing: null, homeTenantExists: false)!.Detail.Should().Be(detail);
    }

    [Fact]
    public void Organizations_outside_the_tenants_list_are_refused_when_the_tenant_has_one()
    {
        var tenant = Tenant with { Organizations = ["north"] };

        AccessRules.Apply(tenant, Document("""{"organizations":["west"]}"""), existing: null, homeTenantExists: false)!
            .Detail.Should().Be("Organization 'west' is not an organization of tenant 'acme'.");
    }

    [Fact]
    public void The_primary_organization_cannot_be_dropped_without_a_new_one()
    {
        var existing = Document("""{"organizations":["north","south"],"primaryOrganization":"north"}""");

        var dropped = AccessRules.Apply(Tenant, Document("""{"organizations":["south"],"primaryOrganization":"north"}"""), existing, homeTenantExists: false);
        var replaced = AccessRules.Apply(Tenant, Document("""{"organizations":["south"],"primaryOrganization":"south"}"""), existing, homeTenantExists: false);

        dropped!.Detail.Should().Contain("'north' is the primary organization");
        replaced.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"roles":["Auditor"],"serviceAccount":{"enabled":true,"homeTenant":"acme"}}""", true, "A service account must hold one of the roles TenantAdmin, Administrator.")]
    [InlineData("""{"roles":["Administrator"],"serviceAccount":{"enabled":true}}""", true, "A service account needs serviceAccount.homeTenant: the tenant it signs in at.")]
    [InlineData("""{"roles":["Administrator"],"serviceAccount":{"enabled":true,"homeTenant":"gone"}}""", false, "serviceAccount.homeTenant 'gone' is not a tenant.")]
    public void A_service_account_needs_an_eligible_role_and_an_existing_home_tenant(string access, bool homeTenantExists, string detail)
    {
        AccessRules.Apply(Tenant, Document(access), existing: null, homeTenantExists)!.Detail.Should().Be(detail);
    }

    [Fact]
    public void A_disabled_service_account_needs_no_eligible_role()
    {
        AccessRules.Apply(Tenant, Document("""{"roles":["Analyst"],"serviceAccount":{"enabled":false}}"""), existing: null, homeTenantExists: false)
            .Should().BeNull();
    }
}
