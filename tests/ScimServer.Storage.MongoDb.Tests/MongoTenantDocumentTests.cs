using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using ScimServer.Storage.MongoDb.Documents;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>The stored tenants and tokens, and the filters and updates of tenant and token administration.</summary>
public sealed class MongoTenantDocumentTests
{
    private static readonly TenantRecord Acme = new()
    {
        Id = "acme",
        Name = "Acme",
        Created = TestResources.Created,
        Roles = [new("Administrator", "Administrator", ServiceAccountEligible: true, System: true), new("Auditor", "Auditor", false, false)],
        DefaultRoles = ["Auditor"],
        Organizations = ["Sales", "R&D"],
    };

    [Fact]
    public void A_tenant_is_stored_with_its_role_catalog_default_roles_and_organizations()
    {
        TenantDocuments.ToDocument(Acme).ShouldBe("""
            { "_id": "acme", "created": "2024-01-01T08:00:00.0000000Z", "name": "Acme",
              "roles": [ { "name": "Administrator", "displayName": "Administrator", "serviceAccountEligible": true, "system": true },
                         { "name": "Auditor", "displayName": "Auditor", "serviceAccountEligible": false, "system": false } ],
              "defaultRoles": [ "Auditor" ], "organizations": [ "Sales", "R&D" ] }
            """);
    }

    [Fact]
    public void A_tenant_being_deleted_is_left_out_of_every_read_and_update_of_tenants()
    {
        TenantDocuments.Live("acme").ShouldBe("""{ "_id": "acme", "deleted": { "$exists": false } }""");
        TenantDocuments.AllLive.ShouldBe("""{ "deleted": { "$exists": false } }""");
    }

    [Fact]
    public void A_deletion_marks_the_tenant_at_once_then_removes_its_documents_in_batches_by_id_and_the_tenant_last()
    {
        TenantDocuments.MarkDeleted(TestResources.Created).ShouldBe("""{ "$set": { "deleted": "2024-01-01T08:00:00.0000000Z" } }""");
        TenantDocuments.OwnedBy("acme").ShouldBe("""{ "tenant": "acme" }""");
        MongoScimStore.PurgeBatchSize.Should().Be(1_000);
        var ids = new[] { ObjectId.Parse("65a000000000000000000001"), ObjectId.Parse("65a000000000000000000002") };
        TenantDocuments.Batch(ids.Select(i => (BsonValue)i)).ShouldBe(
            """{ "_id": { "$in": [ { "$oid": "65a000000000000000000001" }, { "$oid": "65a000000000000000000002" } ] } }""");
        TenantDocuments.Purged("acme").ShouldBe("""{ "_id": "acme", "deleted": { "$exists": true } }""");
    }

    [Fact]
    public void The_start_up_sweep_finds_the_tenants_whose_deletion_did_not_finish()
    {
        TenantDocuments.BeingDeleted.ShouldBe("""{ "deleted": { "$exists": true } }""");
    }

    [Fact]
    public void A_tenant_comes_back_as_it_was_stored()
    {
        TenantDocuments.ToTenant(TenantDocuments.ToDocument(Acme)).Should().BeEquivalentTo(Acme, options => options.WithStrictOrdering());
    }

    [Fact]
    public void A_tenant_stored_without_a_role_catalog_has_the_system_roles_and_the_default_role()
    {
        var tenant = TenantDocuments.ToTenant(BsonDocument.Parse("""{ "_id": "old", "name": "Old", "created": "2024-01-01T08:00:00.0000000Z" }"""));

        tenant.Roles.Should().Equal(TenantRecord.SystemRoles);
        tenant.DefaultRoles.Should().Equal(TenantRecord.DefaultRole);
        tenant.Organizations.Should().BeEmpty();
    }

    [Fact]
    public void An_update_of_a_tenant_sets_everything_but_its_id_and_creation_date()
    {
        TenantDocuments.UpdateOf(Acme with { Roles = [], DefaultRoles = [], Organizations = [] }).ShouldBe("""
            { "$set": { "name": "Acme", "roles": [], "defaultRoles": [], "organizations": [] } }
            """);
    }

    [Fact]
    public void Deleting_a_tenant_deletes_what_carries_its_id()
    {
        TenantDocuments.OwnedBy("acme").ShouldBe("""{ "tenant": "acme" }""");
    }

    [Fact]
    public void Tokens_keep_a_null_tenant_for_server_admins_and_round_trip()
    {
        var token = new TokenRecord
        {
            Id = "t1",
            Name = "admin",
            Sha256 = "ab",
            Created = TestResources.Created,
            Expires = TestResources.Created.AddDays(1),
        };

        TenantDocuments.ToDocument(token).ShouldBe("""
            { "_id": "t1", "tenant": null, "name": "admin", "sha256": "ab", "created": "2024-01-01T08:00:00.0000000Z",
              "kind": "Bearer", "expires": "2024-01-02T08:00:00.0000000Z" }
            """);
        TenantDocuments.ToToken(TenantDocuments.ToDocument(token)).Should().Be(token);
    }

    [Fact]
    public void An_oauth_client_keeps_its_kind_and_its_revocation()
    {
        var client = new TokenRecord
        {
            Id = "c1",
            Tenant = "acme",
            Name = "okta",
            Sha256 = "cd",
            Created = TestResources.Created,
            Revoked = TestResources.Created.AddHours(2),
            Kind = TokenKind.OAuthClient,
        };

        TenantDocuments.ToDocument(client).ShouldBe("""
            { "_id": "c1", "tenant": "acme", "name": "okta", "sha256": "cd", "created": "2024-01-01T08:00:00.0000000Z",
              "kind": "OAuthClient", "revoked": "2024-01-01T10:00:00.0000000Z" }
            """);
        TenantDocuments.ToToken(TenantDocuments.ToDocument(client)).Should().Be(client);
    }

    [Fact]
    public void A_token_stored_before_token_kinds_is_a_bearer_token()
    {
        var token = TenantDocuments.ToToken(BsonDocument.Parse(
            """{ "_id": "t1", "tenant": "acme", "name": "old", "sha256": "ab", "created": "2024-01-01T08:00:00.0000000Z" }"""));

        token.Kind.Should().Be(TokenKind.Bearer);
    }

    [Fact]
    public void A_token_is_read_and_revoked_through_its_tenant_and_its_id()
    {
        TenantDocuments.TokenOf("acme", "t1").ShouldBe("""{ "_id": "t1", "tenant": "acme" }""");
    }

    [Fact]
    public void Revoking_sets_the_revocation_time_only_if_none_is_set()
    {
        var update = TenantDocuments.RevokeUpdate(TestResources.Created)
            .Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry));

        update.Should().BeOfType<BsonArray>();
        new BsonDocument("pipeline", update).ShouldBe("""
            { "pipeline": [ { "$set": { "revoked": { "$ifNull": [ "$revoked", "2024-01-01T08:00:00.0000000Z" ] } } } ] }
            """);
    }

    [Fact]
    public void A_tenant_s_tokens_are_listed_oldest_first_then_by_id()
    {
        TenantDocuments.OwnedBy("acme").ShouldBe("""{ "tenant": "acme" }""");
        TenantDocuments.TokensOldestFirst.ShouldBe("""{ "created": 1, "_id": 1 }""");
    }

    [Fact]
    public void A_user_name_is_looked_up_in_every_tenant_in_tenant_then_id_order()
    {
        ResourceDocuments.ByUserNameKey("svc-backup").ShouldBe("""{ "userNameKey": "svc-backup" }""");
        ResourceDocuments.ByTenantThenId.ShouldBe("""{ "tenant": 1, "id": 1 }""");
    }
}
