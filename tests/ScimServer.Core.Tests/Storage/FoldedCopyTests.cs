using Newtonsoft.Json.Linq;
using ScimServer.Core.Protocol;
using ScimServer.Core.Schema;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Tests.Storage;

/// <summary>The folded copy a store compares and sorts case-insensitive text on (MongoDB's <c>fold</c>).</summary>
public sealed class FoldedCopyTests
{
    private static readonly SchemaRegistry Registry = SchemaRegistry.LoadEmbedded();

    [Fact]
    public void Every_case_insensitive_string_is_folded_by_the_one_rule_at_its_storage_path()
    {
        var document = ScimJson.ParseObject("""
            { "schemas": [ "urn:ietf:params:scim:schemas:core:2.0:User" ], "userName": "Émile@X.org", "title": "Ça Va",
              "active": true, "name": { "givenName": "ÉMILE", "familyName": null },
              "ext": { "enterprise": { "department": "R&D", "manager": { "value": "MGR-1", "$ref": "HTTPS://X/Users/MGR-1" } },
                       "access": { "roles": [ "Analyst", "TenantAdmin" ], "serviceAccount": { "enabled": true, "homeTenant": "Acme" } } } }
            """);

        var folded = FoldedCopy.Of(Registry.GetResourceType("User"), document);

        JToken.DeepEquals(folded, ScimJson.ParseObject("""
            { "userName": "émile@x.org", "name": { "givenName": "émile", "familyName": null }, "title": "ça va",
              "ext": { "enterprise": { "department": "r&d", "manager": { "value": "mgr-1", "$ref": "https://x/users/mgr-1" } },
                       "access": { "roles": [ "analyst", "tenantadmin" ] } } }
            """)).Should().BeTrue(folded.ToString());
    }

    [Fact]
    public void A_multi_valued_complex_element_is_copied_whole_with_only_its_folding_sub_attributes_folded()
    {
        var document = ScimJson.ParseObject("""
            { "emails": [ { "value": "Ann@X.org", "type": "Work", "primary": true }, { "value": "ÅSA@y.org" } ],
              "x509Certificates": [ { "value": "AbC=", "display": "Mine" } ], "externalId": "Ext-1" }
            """);

        var folded = FoldedCopy.Of(Registry.GetResourceType("User"), document);

        JToken.DeepEquals(folded, ScimJson.ParseObject("""
            { "emails": [ { "value": "ann@x.org", "type": "work", "primary": true }, { "value": "åsa@y.org" } ],
              "x509Certificates": [ { "value": "AbC=", "display": "mine" } ] }
            """)).Should().BeTrue(folded.ToString());
    }

    [Fact]
    public void A_document_without_case_insensitive_text_has_an_empty_copy()
    {
        var document = ScimJson.ParseObject("""{ "active": false, "externalId": "E" }""");

        FoldedCopy.Of(Registry.GetResourceType("User"), document).Should().BeEmpty();
    }

    [Fact]
    public void Folding_is_the_invariant_lower_case_of_every_letter_not_only_ascii()
    {
        ScimText.Fold("ÉMILE Zoë ĲSSEL").Should().Be("émile zoë ĳssel");
        string.CompareOrdinal(ScimText.Fold("Émile"), ScimText.Fold("Zoe")).Should().BePositive("folded text orders as binary text: é after z");
    }

    [Fact]
    public void A_member_type_is_its_stored_name_when_it_folds_to_it()
    {
        MemberTypes.Canonical("uSeR").Should().Be("User");
        MemberTypes.Canonical("GROUP").Should().Be("Group");
        MemberTypes.Canonical("Ûser").Should().Be("Ûser");
    }
}
