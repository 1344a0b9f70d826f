using ScimServer.Testing;
using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Sync;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Tests;

public sealed class SyncPlannerTests
{
    private static JObject User(string id, string externalId, string userName, string? title = null, bool active = true, params string[] roles)
    {
        var user = new JObject { ["id"] = id, ["externalId"] = externalId, ["userName"] = userName, ["active"] = active, ["name"] = new JObject { ["givenName"] = "G" } };
        if (title is not null)
        {
            user["title"] = title;
        }

        if (roles.Length > 0)
        {
            user["urn:ietf:params:scim:schemas:extension:access:2.0:User"] = new JObject { ["roles"] = new JArray(roles) };
        }

        return user;
    }

    private static IReadOnlyList<UserRow> Rows(string csv) => UserCsv.Read(new StringReader(csv)).Rows;

    [Fact]
    public void Joiners_movers_and_leavers_are_planned_by_key()
    {
        var rows = Rows("externalId,userName,givenName,title\nE1,ann@example.com,G,Manager\nE2,bob@example.com,G,Rep\nE3,cat@example.com,Cat,\n");
        var scope = new[] { User("1", "E1", "ann@example.com", "Rep"), User("2", "E2", "bob@example.com", "Rep"), User("4", "E4", "dan@example.com") };

        var plan = SyncPlanner.Plan(rows, scope, UserColumns.ExternalId);

        plan.Changes.Select(c => (c.Key, c.Kind)).Should().BeEquivalentTo(new[]
        {
            ("E1", ChangeKind.Update), ("E2", ChangeKind.Unchanged), ("E3", ChangeKind.Create), ("E4", ChangeKind.Deactivate),
        });
        plan.ScopeCount.Should().Be(3);
    }

    [Fact]
    public void A_mover_patches_only_the_attributes_that_changed()
    {
        var rows = Rows("externalId,userName,givenName,title,roles\nE1,ann@example.com,G,Manager,Developer;Analyst\n");
        var scope = new[] { User("1", "E1", "ann@example.com", "Rep", true, "Analyst", "Developer") };

        var mover = SyncPlanner.Plan(rows, scope, UserColumns.ExternalId).Changes.Single();

        mover.Changes.Select(c => c.Column.Name).Should().Equal("title");
        mover.UpdatePatch().ShouldEqualJson(JObject.Parse("""
            { "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
              "Operations": [{ "op": "replace", "path": "title", "value": "Manager" }] }
            """));
    }

    [Fact]
    public void Extension_and_email_changes_use_their_full_patch_paths()
    {
        var rows = Rows("externalId,userName,email,department,roles\nE1,ann@example.com,new@example.com,Sales,Analyst\n");
        var user = User("1", "E1", "ann@example.com", null, true, "Developer");
        user["emails"] = new JArray(new JObject { ["value"] = "old@example.com", ["type"] = "work" });

        var mover = SyncPlanner.Plan(rows, [user], UserColumns.ExternalId).Changes.Single();

        mover.UpdatePatch()["Operations"]!.Select(o => ((string)o["path"]!, o["value"]!.ToString(Newtonsoft.Json.Formatting.None))).Should().Equal(
            ("emails[type eq \"work\"].value", "\"new@example.com\""),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "\"Sales\""),
            ("urn:ietf:params:scim:schemas:extension:access:2.0:User:roles", "[\"Analyst\"]"));
    }

    [Fact]
    public void A_deactivated_user_back_in_the_feed_is_reactivated_and_an_inactive_leaver_is_left_alone()
    {
        var rows = Rows("externalId,userName\nE1,ann@example.com\n");
        var scope = new[] { User("1", "E1", "ann@example.com", active: false), User("2", "E2", "bob@example.com", active: false) };

        var plan = SyncPlanner.Plan(rows, scope, UserColumns.ExternalId);

        var ann = plan.Changes.Single(c => c.Key == "E1");
        ann.Kind.Should().Be(ChangeKind.Update);
        ann.Changes.Single().Should().Match<AttributeChange>(c => c.Column.Name == "active" && (bool)c.New == true);
        plan.Changes.Single(c => c.Key == "E2").Kind.Should().Be(ChangeKind.Unchanged);
    }

    [Fact]
    public void UserName_keys_match_case_insensitively_and_a_new_spelling_is_a_change()
    {
        var rows = Rows("userName,title\nANN@example.com,Rep\n");

        var plan = SyncPlanner.Plan(rows, [User("1", "E1", "ann@example.com", "Rep")], UserColumns.UserName);

        var change = plan.Changes.Should().ContainSingle().Subject;
        change.Kind.Should().Be(ChangeKind.Update);
        change.Changes.Select(c => c.Column.Name).Should().Equal("userName");
    }

    [Theory]
    [InlineData("10%", 1, 10, true)]
    [InlineData("10%", 2, 10, false)]
    [InlineData("10%", 1, 9, false)]
    [InlineData("25", 25, 1000, true)]
    [InlineData("25", 26, 1000, false)]
    [InlineData("0", 0, 10, true)]
    [InlineData("100%", 10, 10, true)]
    public void The_deactivation_limit_is_a_percentage_of_the_scope_or_a_count(string limit, int leavers, int scope, bool allowed)
    {
        DeactivationLimit.TryParse(limit, out var parsed).Should().BeTrue();

        parsed.Allows(leavers, scope).Should().Be(allowed);
    }

    [Theory]
    [InlineData("ten")]
    [InlineData("-1")]
    [InlineData("150%")]
    [InlineData("2.5")]
    [InlineData("")]
    public void A_malformed_deactivation_limit_is_refused(string limit) => DeactivationLimit.TryParse(limit, out _).Should().BeFalse();
}
