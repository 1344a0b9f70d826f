using Newtonsoft.Json.Linq;
using ScimServer.Core.Rules;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Tests.Rules;

/// <summary>The tenant's role catalog published in the schemas whose role attributes it governs.</summary>
public sealed class RoleCatalogSchemaTests
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.LoadEmbedded();

    private static readonly TenantRecord Tenant = new()
    {
        Id = "acme",
        Name = "Acme",
        Created = DateTimeOffset.UnixEpoch,
        Roles = [.. TenantRecord.SystemRoles, new RoleDefinition("Auditor", "Auditor", ServiceAccountEligible: false, System: false)],
    };

    private static readonly string[] Catalog = ["TenantAdmin", "Administrator", "ITAdmin", "Analyst", "Developer", "Auditor"];

    [Fact]
    public void Core_user_roles_value_carries_the_catalog_and_the_registry_copy_stays_untouched()
    {
        var original = Registry.FindSchema(ScimSchemaUrns.User)!.Representation;

        var published = AccessRules.WithRoleCatalog(original, Tenant);

        Roles(published)["subAttributes"]!.Single(a => (string?)a["name"] == "value")["canonicalValues"]!
            .Values<string>().Should().Equal(Catalog);
        Roles(original)["subAttributes"]!.Single(a => (string?)a["name"] == "value")["canonicalValues"].Should().BeNull();
    }

    [Fact]
    public void Access_extension_roles_carries_the_catalog()
    {
        var published = AccessRules.WithRoleCatalog(Registry.FindSchema(ScimSchemaUrns.AccessUser)!.Representation, Tenant);

        Roles(published)["canonicalValues"]!.Values<string>().Should().Equal(Catalog);
    }

    [Theory]
    [InlineData(ScimSchemaUrns.Group)]
    [InlineData(ScimSchemaUrns.EnterpriseUser)]
    public void Other_schemas_come_back_unchanged(string urn)
    {
        var original = Registry.FindSchema(urn)!.Representation;

        JToken.DeepEquals(AccessRules.WithRoleCatalog(original, Tenant), original).Should().BeTrue();
    }

    private static JToken Roles(JObject schema) => schema["attributes"]!.Single(a => (string?)a["name"] == "roles");
}
