using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.Bound;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// What every <see cref="IResourceStore"/> must do, tested only through the port. A store's test project derives a
/// class that supplies the store; every test works in fresh tenants, so one store instance may serve them all.
/// </summary>
public abstract class ResourceStoreContract : ResourceStoreContractBase
{
    // ---- create / get ----

    [SkippableFact]
    public async Task A_created_resource_is_returned_by_get_with_every_field()
    {
        var tenant = NewTenant();
        var user = User(tenant, "Alice@Example.com", """{ "name": { "givenName": "Alice" }, "active": true }""", externalId: "ext-1")
            with { PasswordHash = "$argon2id$hash", LastModified = Created.AddHours(3) };

        (await Store.CreateAsync(user)).Should().Be(StoreOutcome.Ok);

        var stored = await Store.GetAsync(tenant, "User", user.Id);
        stored.Should().NotBeNull();
        stored!.Should().BeEquivalentTo(user, options => options.Excluding(r => r.Document));
        JToken.DeepEquals(stored!.Document, user.Document).Should().BeTrue();
    }

    [SkippableFact]
    public async Task Dates_in_the_document_come_back_as_the_stored_text()
    {
        var tenant = NewTenant();
        var user = User(tenant, "dates", """{ "x509Certificates": [ { "value": "2024-05-01T10:00:00Z" } ] }""");
        await Store.CreateAsync(user);

        var stored = await Store.GetAsync(tenant, "User", user.Id);

        var value = stored!.Document.SelectToken("x509Certificates[0].value")!;
        value.Type.Should().Be(JTokenType.String);
        value.Value<string>().Should().Be("2024-05-01T10:00:00Z");
    }

    [SkippableFact]
    public async Task Get_of_an_unknown_id_returns_null()
    {
        (await Store.GetAsync(NewTenant(), "User", NewId())).Should().BeNull();
    }

    [SkippableFact]
    public async Task Users_and_groups_are_kept_apart()
    {
        var tenant = NewTenant();
        var id = NewId();
        (await Store.CreateAsync(User(tenant, "same-id", id: id))).Should().Be(StoreOutcome.Ok);
        (await Store.CreateAsync(Group(tenant, "Same id", id: id))).Should().Be(StoreOutcome.Ok);

        (await Store.GetAsync(tenant, "User", id))!.Document["userName"]!.Value<string>().Should().Be("same-id");
        (await Store.GetAsync(tenant, "Group", id))!.Document["displayName"]!.Value<string>().Should().Be("Same id");
    }

    [SkippableFact]
    public async Task Create_with_a_user_name_taken_in_another_case_returns_conflict()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "alice@example.com"));

        (await Store.CreateAsync(User(tenant, "ALICE@example.COM"))).Should().Be(StoreOutcome.Conflict);
        (await QueryAsync(tenant, null)).Resources.Should().ContainSingle();
    }

    [SkippableFact]
    public async Task Create_with_a_taken_id_returns_conflict()
    {
        var tenant = NewTenant();
        var first = User(tenant, "first");
        await Store.CreateAsync(first);

        (await Store.CreateAsync(User(tenant, "second", id: first.Id))).Should().Be(StoreOutcome.Conflict);
        (await Store.GetAsync(tenant, "User", first.Id))!.UniqueKey.Should().Be("first");
    }

    [SkippableFact]
    public async Task Resources_without_a_unique_key_never_conflict()
    {
        var tenant = NewTenant();

        (await Store.CreateAsync(Group(tenant, "Sales"))).Should().Be(StoreOutcome.Ok);
        (await Store.CreateAsync(Group(tenant, "Sales"))).Should().Be(StoreOutcome.Ok);
    }

    // ---- replace ----

    [SkippableFact]
    public async Task Replace_at_the_expected_version_stores_the_new_version()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);
        var changed = Changed(user, d => d["title"] = "Engineer", userName: "Alice.New") with { ExternalId = "ext-9" };

        (await Store.ReplaceAsync(changed, expectedVersion: 1)).Should().Be(StoreOutcome.Ok);

        var stored = await Store.GetAsync(tenant, "User", user.Id);
        stored!.Version.Should().Be(2);
        stored.LastModified.Should().Be(changed.LastModified);
        stored.Created.Should().Be(user.Created);
        stored.UniqueKey.Should().Be("alice.new");
        stored.ExternalId.Should().Be("ext-9");
        stored.Document["title"]!.Value<string>().Should().Be("Engineer");
    }

    [SkippableFact]
    public async Task Replace_at_a_stale_version_returns_precondition_failed_and_changes_nothing()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);
        await Store.ReplaceAsync(Changed(user, d => d["title"] = "First writer"), expectedVersion: 1);

        var outcome = await Store.ReplaceAsync(Changed(user, d => d["title"] = "Second writer"), expectedVersion: 1);

        outcome.Should().Be(StoreOutcome.PreconditionFailed);
        (await Store.GetAsync(tenant, "User", user.Id))!.Document["title"]!.Value<string>().Should().Be("First writer");
    }

    [SkippableFact]
    public async Task Replace_of_an_unknown_id_returns_not_found()
    {
        var user = User(NewTenant(), "ghost");

        (await Store.ReplaceAsync(Changed(user, _ => { }), expectedVersion: 1)).Should().Be(StoreOutcome.NotFound);
    }

    [SkippableFact]
    public async Task Replace_to_a_user_name_taken_in_another_case_returns_conflict_and_changes_nothing()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "alice"));
        var bob = User(tenant, "bob");
        await Store.CreateAsync(bob);

        (await Store.ReplaceAsync(Changed(bob, _ => { }, userName: "ALICE"), expectedVersion: 1)).Should().Be(StoreOutcome.Conflict);
        (await Store.GetAsync(tenant, "User", bob.Id))!.Version.Should().Be(1);
    }

    // ---- delete ----

    [SkippableFact]
    public async Task Delete_removes_the_resource_and_frees_its_user_name()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);

        (await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: null)).Should().Be(StoreOutcome.Ok);

        (await Store.GetAsync(tenant, "User", user.Id)).Should().BeNull();
        (await Store.CreateAsync(User(tenant, "ALICE"))).Should().Be(StoreOutcome.Ok);
    }

    [SkippableFact]
    public async Task Delete_at_the_expected_version_removes_the_resource()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);

        (await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: 1)).Should().Be(StoreOutcome.Ok);
        (await Store.GetAsync(tenant, "User", user.Id)).Should().BeNull();
    }

    [SkippableFact]
    public async Task Delete_at_a_stale_version_returns_precondition_failed_and_keeps_the_resource()
    {
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        await Store.CreateAsync(user);
        await Store.ReplaceAsync(Changed(user, _ => { }), expectedVersion: 1);

        (await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: 1)).Should().Be(StoreOutcome.PreconditionFailed);
        (await Store.GetAsync(tenant, "User", user.Id)).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task Delete_of_an_unknown_id_returns_not_found()
    {
        (await Store.DeleteAsync(NewTenant(), "User", NewId(), expectedVersion: null)).Should().Be(StoreOutcome.NotFound);
        (await Store.DeleteAsync(NewTenant(), "Group", NewId(), expectedVersion: 3)).Should().Be(StoreOutcome.NotFound);
    }

    // ---- tenant isolation ----

    [SkippableFact]
    public async Task Another_tenant_can_neither_see_nor_change_a_resource()
    {
        var owner = NewTenant();
        var other = NewTenant();
        var user = User(owner, "alice");
        await Store.CreateAsync(user);

        (await Store.GetAsync(other, "User", user.Id)).Should().BeNull();
        (await Store.ReplaceAsync(Changed(user, d => d["title"] = "hijacked") with { Tenant = other }, expectedVersion: 1))
            .Should().Be(StoreOutcome.NotFound);
        (await Store.DeleteAsync(other, "User", user.Id, expectedVersion: null)).Should().Be(StoreOutcome.NotFound);
        (await Store.DeleteAsync(other, "User", user.Id, expectedVersion: 1)).Should().Be(StoreOutcome.NotFound);
        var page = await QueryAsync(other, Eq(TestSchema.User("userName"), "alice"));
        page.Resources.Should().BeEmpty();
        page.TotalResults.Should().Be(0);

        var stored = await Store.GetAsync(owner, "User", user.Id);
        stored!.Version.Should().Be(1);
        stored.Document["title"].Should().BeNull();
    }

    [SkippableFact]
    public async Task The_same_user_name_and_id_may_exist_in_two_tenants()
    {
        var first = User(NewTenant(), "alice");
        await Store.CreateAsync(first);

        (await Store.CreateAsync(User(NewTenant(), "ALICE", id: first.Id))).Should().Be(StoreOutcome.Ok);
    }

    // ---- filters ----

    [SkippableFact]
    public async Task User_name_eq_matches_case_insensitively()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Eq(TestSchema.User("userName"), "ALICE@EXAMPLE.COM"))).Should().BeEquivalentTo("alice");
        (await MatchAsync(people, Ne(TestSchema.User("userName"), "ALICE@EXAMPLE.COM"))).Should().BeEquivalentTo("bob", "carol", "dave");
    }

    [SkippableFact]
    public async Task User_name_sw_co_and_ew_match_case_insensitively()
    {
        var people = await SeedPeopleAsync();
        var userName = TestSchema.User("userName");

        (await MatchAsync(people, Sw(userName, "BOB"))).Should().BeEquivalentTo("bob");
        (await MatchAsync(people, Co(userName, "ROL@"))).Should().BeEquivalentTo("carol");
        (await MatchAsync(people, Ew(userName, ".ORG"))).Should().BeEquivalentTo("dave");
        (await MatchAsync(people, Ew(userName, ""))).Should().BeEquivalentTo("alice", "bob", "carol", "dave");
    }

    [SkippableFact]
    public async Task User_name_orders_as_folded_text()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Gt(TestSchema.User("userName"), "BOB@EXAMPLE.COM"))).Should().BeEquivalentTo("carol", "dave");
        (await MatchAsync(people, Le(TestSchema.User("userName"), "BOB@EXAMPLE.COM"))).Should().BeEquivalentTo("alice", "bob");
    }

    [SkippableFact]
    public async Task Family_name_co_matches_a_sub_attribute_case_insensitively()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Co(TestSchema.User("name.familyName"), "ANDERSON"))).Should().BeEquivalentTo("alice", "dave");
    }

    [SkippableFact]
    public async Task An_emails_value_path_matches_when_one_element_satisfies_every_condition()
    {
        var people = await SeedPeopleAsync();
        var emails = TestSchema.User("emails");
        var type = TestSchema.Element(emails, "type");
        var value = TestSchema.Element(emails, "value");

        (await MatchAsync(people, Where(emails, And(Eq(type, "WORK"), Ew(value, "@work.example")))))
            .Should().BeEquivalentTo("alice", "dave");

        // Alice has a work email and an email starting with "alice@home", but no element is both.
        (await MatchAsync(people, Where(emails, And(Eq(type, "work"), Sw(value, "alice@home")))))
            .Should().BeEmpty();
        (await MatchAsync(people, Where(emails, Not(Eq(type, "work"))))).Should().BeEquivalentTo("alice", "bob");
        (await MatchAsync(people, Where(emails, Pr(TestSchema.Element(emails, "primary"))))).Should().BeEquivalentTo("alice");
    }

    [SkippableFact]
    public async Task A_multi_valued_sub_attribute_matches_when_any_element_matches()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Eq(TestSchema.User("emails.value"), "BOB@HOME.EXAMPLE"))).Should().BeEquivalentTo("bob");
        (await MatchAsync(people, Eq(TestSchema.User("emails.type"), "home"))).Should().BeEquivalentTo("alice", "bob");
        (await MatchAsync(people, Ne(TestSchema.User("emails.type"), "home"))).Should().BeEquivalentTo("carol", "dave");
    }

    [SkippableFact]
    public async Task A_complex_multi_valued_attribute_without_a_sub_attribute_compares_its_value()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Eq(TestSchema.User("emails"), "dave@work.example"))).Should().BeEquivalentTo("dave");
    }

    [SkippableFact]
    public async Task Enterprise_department_and_manager_value_match()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Eq(TestSchema.User("enterprise:department"), "research"))).Should().BeEquivalentTo("alice", "carol");
        (await MatchAsync(people, Eq(TestSchema.User("enterprise:manager.value"), "mgr-2"))).Should().BeEquivalentTo("bob");
        (await MatchAsync(people, Pr(TestSchema.User("enterprise:manager")))).Should().BeEquivalentTo("alice", "bob");
    }

    [SkippableFact]
    public async Task Active_eq_false_matches_only_inactive_users()
    {
        var people = await SeedPeopleAsync();
        var active = TestSchema.User("active");

        (await MatchAsync(people, Eq(active, false))).Should().BeEquivalentTo("bob");
        (await MatchAsync(people, Eq(active, true))).Should().BeEquivalentTo("alice", "carol");
    }

    [SkippableFact]
    public async Task Last_modified_compares_as_time()
    {
        var people = await SeedPeopleAsync();
        var lastModified = TestSchema.User("meta.lastModified");

        (await MatchAsync(people, Gt(lastModified, "2024-02-01T00:00:00+01:00"))).Should().BeEquivalentTo("bob", "carol", "dave");
        (await MatchAsync(people, Le(lastModified, "2024-03-01T00:00:00Z"))).Should().BeEquivalentTo("alice", "bob");
        (await MatchAsync(people, Ge(TestSchema.User("meta.created"), "2024-01-01T08:00:00Z"))).Should().BeEquivalentTo("alice", "bob", "carol", "dave");
        (await MatchAsync(people, Lt(TestSchema.User("meta.created"), "2024-01-01T08:00:00Z"))).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Ne_matches_resources_without_the_attribute()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Ne(TestSchema.User("title"), "engineer"))).Should().BeEquivalentTo("bob", "carol", "dave");
        (await MatchAsync(people, Ne(TestSchema.User("active"), true))).Should().BeEquivalentTo("bob", "dave");
    }

    [SkippableFact]
    public async Task Not_negates_with_absent_attributes_counting_as_no_match()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Not(Eq(TestSchema.User("active"), true)))).Should().BeEquivalentTo("bob", "dave");
        (await MatchAsync(people, Not(Co(TestSchema.User("name.familyName"), "anderson")))).Should().BeEquivalentTo("bob", "carol");
        (await MatchAsync(people, Not(Not(Pr(TestSchema.User("title")))))).Should().BeEquivalentTo("alice", "dave");
    }

    [SkippableFact]
    public async Task Pr_ignores_null_empty_strings_and_empty_arrays()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Pr(TestSchema.User("title")))).Should().BeEquivalentTo("alice", "dave");
        (await MatchAsync(people, Pr(TestSchema.User("emails")))).Should().BeEquivalentTo("alice", "bob", "dave");
        (await MatchAsync(people, Pr(TestSchema.User("name")))).Should().BeEquivalentTo("alice", "bob", "dave");
        (await MatchAsync(people, Pr(TestSchema.User("nickName")))).Should().BeEquivalentTo("carol");
        (await MatchAsync(people, Pr(TestSchema.User("externalId")))).Should().BeEquivalentTo("alice");
        (await MatchAsync(people, Pr(TestSchema.User("userName")))).Should().BeEquivalentTo("alice", "bob", "carol", "dave");
    }

    [SkippableFact]
    public async Task Multi_valued_access_roles_match_any_element_case_insensitively()
    {
        var people = await SeedPeopleAsync();
        var roles = TestSchema.User("access:roles");

        (await MatchAsync(people, Eq(roles, "analyst"))).Should().BeEquivalentTo("alice");
        (await MatchAsync(people, Sw(roles, "AD"))).Should().BeEquivalentTo("bob");
        (await MatchAsync(people, Pr(roles))).Should().BeEquivalentTo("alice", "bob");
        (await MatchAsync(people, Ne(roles, "Admin"))).Should().BeEquivalentTo("alice", "carol", "dave");
    }

    [SkippableFact]
    public async Task And_binds_tighter_than_or_as_the_tree_says()
    {
        var people = await SeedPeopleAsync();
        var inactive = Eq(TestSchema.User("active"), false);
        var startsWithC = Sw(TestSchema.User("userName"), "c");
        var titled = Pr(TestSchema.User("title"));

        (await MatchAsync(people, Or(inactive, And(startsWithC, titled)))).Should().BeEquivalentTo("bob");
        (await MatchAsync(people, And(Or(inactive, startsWithC), titled))).Should().BeEmpty();
        (await MatchAsync(people, Or(And(inactive, titled), startsWithC))).Should().BeEquivalentTo("carol");
    }

    [SkippableFact]
    public async Task Id_external_id_and_meta_attributes_filter_on_what_the_store_keeps()
    {
        var people = await SeedPeopleAsync();

        (await MatchAsync(people, Eq(TestSchema.User("id"), people.Ids["carol"]))).Should().BeEquivalentTo("carol");
        (await MatchAsync(people, Eq(TestSchema.User("externalId"), "ext-alice"))).Should().BeEquivalentTo("alice");
        (await MatchAsync(people, Eq(TestSchema.User("externalId"), "EXT-ALICE"))).Should().BeEmpty("externalId is caseExact");
        (await MatchAsync(people, Eq(TestSchema.User("meta.version"), "W/\"1\""))).Should().HaveCount(4);
        (await MatchAsync(people, Eq(TestSchema.User("meta.resourceType"), "User"))).Should().HaveCount(4);
        (await MatchAsync(people, Eq(TestSchema.User("meta.resourceType"), "Group"))).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Groups_filter_by_display_name()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(Group(tenant, "Sales"));
        await Store.CreateAsync(Group(tenant, "Research"));

        var page = await Store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant,
            ResourceType = "Group",
            Filter = Eq(TestSchema.Group("displayName"), "sales"),
            Limit = 10,
        });

        page.Resources.Select(r => r.Document["displayName"]!.Value<string>()).Should().Equal("Sales");
        page.TotalResults.Should().Be(1);
    }

    // ---- sort ----

    [SkippableFact]
    public async Task Sorting_by_a_string_puts_missing_values_first_ascending_and_last_descending()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "u1", """{ "name": { "familyName": "bravo" } }"""));
        await Store.CreateAsync(User(tenant, "u2", """{ "name": { "familyName": "Alpha" } }"""));
        await Store.CreateAsync(User(tenant, "u3"));
        await Store.CreateAsync(User(tenant, "u4", """{ "name": { "familyName": "Charlie" } }"""));
        var familyName = TestSchema.User("name.familyName");

        var ascending = await QueryAsync(tenant, null, new SortSpec(familyName, Descending: false));
        var descending = await QueryAsync(tenant, null, new SortSpec(familyName, Descending: true));

        UserNames(ascending).Should().Equal("u3", "u2", "u1", "u4");
        UserNames(descending).Should().Equal("u4", "u1", "u2", "u3");
    }

    [SkippableFact]
    public async Task Sorting_by_user_name_ignores_case()
    {
        var tenant = NewTenant();
        foreach (var name in new[] { "bob", "Alice", "carol", "ALAN" })
        {
            await Store.CreateAsync(User(tenant, name));
        }

        var page = await QueryAsync(tenant, null, new SortSpec(TestSchema.User("userName"), Descending: false));

        UserNames(page).Should().Equal("ALAN", "Alice", "bob", "carol");
    }

    [SkippableFact]
    public async Task Sorting_by_a_multi_valued_attribute_uses_the_primary_element_else_the_first()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "u1", """{ "emails": [ { "value": "a@x.org" }, { "value": "z@x.org", "primary": true } ] }"""));
        await Store.CreateAsync(User(tenant, "u2", """{ "emails": [ { "value": "m@x.org" }, { "value": "b@x.org" } ] }"""));
        await Store.CreateAsync(User(tenant, "u3"));

        var page = await QueryAsync(tenant, null, new SortSpec(TestSchema.User("emails"), Descending: false));

        UserNames(page).Should().Equal("u3", "u2", "u1");
    }

    // ---- case folding: one answer and one order on every store (issue 13 item 4) ----

    /// <summary>Titles whose folded forms order, as binary text, adam &lt; eve &lt; zoe &lt; émile &lt; éva (é after z).</summary>
    private async Task<string> SeedAccentedAsync()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "u-emile", """
            { "title": "Émile", "emails": [ { "value": "home@x.org", "type": "home" }, { "value": "Émile@X.org", "type": "work", "primary": true } ],
              "ext": { "enterprise": { "department": "Ærø" } } }
            """));
        await Store.CreateAsync(User(tenant, "u-zoe", """
            { "title": "Zoe", "emails": [ { "value": "ZOE@x.org", "type": "WORK" } ], "ext": { "enterprise": { "department": "zulu" } } }
            """));
        await Store.CreateAsync(User(tenant, "u-eve", """
            { "title": "eve", "emails": [ { "value": "eve@x.org", "type": "work" } ], "ext": { "enterprise": { "department": "Echo" } } }
            """));
        await Store.CreateAsync(User(tenant, "u-eva", """
            { "title": "ÉVA", "emails": [ { "value": "Mia@x.org", "type": "home" } ], "ext": { "enterprise": { "department": "éclair" } } }
            """));
        await Store.CreateAsync(User(tenant, "u-adam", """{ "title": "Adam" }"""));
        await Store.CreateAsync(User(NewTenant(), "u-other", """{ "title": "Émile" }"""));
        return tenant;
    }

    [SkippableFact]
    public async Task Sorting_by_a_case_insensitive_string_that_is_not_a_search_key_orders_accented_capitals_as_folded_text()
    {
        var tenant = await SeedAccentedAsync();
        var title = TestSchema.User("title");

        var ascending = await QueryAsync(tenant, null, new SortSpec(title, Descending: false));
        var descending = await QueryAsync(tenant, null, new SortSpec(title, Descending: true));
        var department = await QueryAsync(tenant, null, new SortSpec(TestSchema.User("enterprise:department"), Descending: false));

        UserNames(ascending).Should().Equal("u-adam", "u-eve", "u-zoe", "u-emile", "u-eva");
        UserNames(descending).Should().Equal("u-eva", "u-emile", "u-zoe", "u-eve", "u-adam");
        UserNames(department).Should().Equal("u-adam", "u-eve", "u-zoe", "u-emile", "u-eva");
    }

    [SkippableFact]
    public async Task Sorting_by_a_multi_valued_attribute_orders_the_folded_primary_else_first_value()
    {
        var tenant = await SeedAccentedAsync();

        var page = await QueryAsync(tenant, null, new SortSpec(TestSchema.User("emails"), Descending: false));

        UserNames(page).Should().Equal("u-adam", "u-eve", "u-eva", "u-zoe", "u-emile");
    }

    [SkippableFact]
    public async Task A_cursor_over_an_accented_case_insensitive_sort_continues_in_the_same_order()
    {
        var tenant = await SeedAccentedAsync();
        var sort = new SortSpec(TestSchema.User("title"), Descending: false);

        var first = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Sort = sort, Limit = 3 });
        var rest = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Sort = sort, After = first.Next, Limit = 3 });

        UserNames(first).Should().Equal("u-adam", "u-eve", "u-zoe");
        UserNames(rest).Should().Equal("u-emile", "u-eva");
    }

    [SkippableTheory]
    [InlineData("title eq \"ÉMILE\"", "u-emile")]
    [InlineData("title ne \"émile\"", "u-adam", "u-eve", "u-zoe", "u-eva")]
    [InlineData("title sw \"É\"", "u-emile", "u-eva")]
    [InlineData("title ew \"MILE\"", "u-emile")]
    [InlineData("title co \"v\"", "u-eve", "u-eva")]
    [InlineData("title gt \"Z\"", "u-zoe", "u-emile", "u-eva")]
    [InlineData("title ge \"ÉMILE\"", "u-emile", "u-eva")]
    [InlineData("title lt \"É\"", "u-adam", "u-eve", "u-zoe")]
    [InlineData("title le \"EVE\"", "u-adam", "u-eve")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department gt \"ZULU\"", "u-emile", "u-eva")]
    [InlineData("emails.type eq \"Work\"", "u-emile", "u-zoe", "u-eve")]
    [InlineData("emails[type eq \"work\" and value gt \"Z\"]", "u-emile", "u-zoe")]
    [InlineData("emails[type eq \"WORK\"].value lt \"F\"", "u-eve")]
    [InlineData("emails[type eq \"home\" and value ge \"mia@\"]", "u-eva")]
    [InlineData("emails[value ge \"ÉMILE@\"]", "u-emile")]
    [InlineData("emails[type ne \"home\" and value le \"eve@x.org\"]", "u-eve")]
    public async Task A_case_insensitive_filter_folds_accented_capitals_by_the_one_rule_and_orders_them_after_z(string filter, params string[] expected)
    {
        var tenant = await SeedAccentedAsync();

        var page = await QueryAsync(tenant, ParsedFilter.User(filter));

        UserNames(page).Should().BeEquivalentTo(expected);
    }

    // ---- paging ----

    [SkippableFact]
    public async Task Offset_paging_returns_the_requested_slice_and_the_total()
    {
        var tenant = NewTenant();
        foreach (var name in new[] { "e", "b", "d", "a", "c" })
        {
            await Store.CreateAsync(User(tenant, name));
        }

        var page = await Store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant,
            ResourceType = "User",
            Sort = new SortSpec(TestSchema.User("userName"), Descending: false),
            Offset = 1,
            Limit = 2,
        });

        UserNames(page).Should().Equal("b", "c");
        page.TotalResults.Should().Be(5);
    }

    [SkippableFact]
    public async Task An_offset_with_a_position_skips_after_that_position()
    {
        var tenant = NewTenant();
        foreach (var name in new[] { "e", "b", "d", "a", "c", "f" })
        {
            await Store.CreateAsync(User(tenant, name));
        }

        var sort = new SortSpec(TestSchema.User("userName"), Descending: false);
        var first = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Sort = sort, Limit = 2 });
        var page = await Store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant,
            ResourceType = "User",
            Sort = sort,
            After = first.Next,
            Offset = 1,
            Limit = 2,
        });

        UserNames(page).Should().Equal("d", "e");
        page.TotalResults.Should().Be(6);
    }

    [SkippableFact]
    public async Task Limit_zero_returns_no_resources_but_the_total()
    {
        var people = await SeedPeopleAsync();

        var page = await Store.QueryAsync(new ResourceQuery
        {
            Tenant = people.Tenant,
            ResourceType = "User",
            Filter = Eq(TestSchema.User("active"), true),
            Limit = 0,
        });

        page.Resources.Should().BeEmpty();
        page.TotalResults.Should().Be(2);
        page.Next.Should().BeNull();
    }

    [SkippableFact]
    public async Task The_total_counts_every_match_not_only_the_page_and_is_skipped_when_not_asked_for()
    {
        var people = await SeedPeopleAsync();

        var counted = await Store.QueryAsync(new ResourceQuery { Tenant = people.Tenant, ResourceType = "User", Limit = 1 });
        var uncounted = await Store.QueryAsync(new ResourceQuery { Tenant = people.Tenant, ResourceType = "User", Limit = 1, CountTotal = false });

        counted.Resources.Should().ContainSingle();
        counted.TotalResults.Should().Be(4);
        uncounted.Resources.Should().ContainSingle();
        uncounted.TotalResults.Should().BeNull();
    }

    [SkippableFact]
    public async Task Cursor_paging_sees_every_resource_once_in_id_order()
    {
        var tenant = NewTenant();
        var ids = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            var user = User(tenant, $"user{i:D2}");
            ids.Add(user.Id);
            await Store.CreateAsync(user);
        }

        var pages = await ReadAllPagesAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 10 });

        pages.Select(p => p.Count).Should().Equal(10, 10, 5);
        pages.SelectMany(p => p).Select(r => r.Id).Should().Equal(ids.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Cursor_paging_with_a_sort_sees_every_resource_once_in_sort_order_despite_ties_and_missing_keys()
    {
        var tenant = NewTenant();
        var users = new List<StoredResource>();
        string?[] familyNames = ["Smith", "smith", null, "Jones", "adams", null, "Young"];
        for (var i = 0; i < 25; i++)
        {
            var familyName = familyNames[i % familyNames.Length];
            var body = familyName is null ? null : new JObject { ["name"] = new JObject { ["familyName"] = familyName } }.ToString();
            var user = User(tenant, $"user{i:D2}", body);
            users.Add(user);
            await Store.CreateAsync(user);
        }

        var sort = new SortSpec(TestSchema.User("name.familyName"), Descending: false);
        var expected = users
            .OrderBy(u => u.Document.SelectToken("name.familyName")?.Value<string>()?.ToLowerInvariant(), StringComparer.Ordinal)
            .ThenBy(u => u.Id, StringComparer.Ordinal)
            .Select(u => u.Id)
            .ToList();

        var ascending = await ReadAllPagesAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Sort = sort, Limit = 10 });
        var descending = await ReadAllPagesAsync(
            new ResourceQuery { Tenant = tenant, ResourceType = "User", Sort = sort with { Descending = true }, Limit = 10 });

        ascending.Select(p => p.Count).Should().Equal(10, 10, 5);
        ascending.SelectMany(p => p).Select(r => r.Id).Should().Equal(expected);
        descending.SelectMany(p => p).Select(r => r.Id).Should().Equal(Enumerable.Reverse(expected));
    }

    [SkippableFact]
    public async Task Cursor_paging_applies_the_filter_on_every_page()
    {
        var tenant = NewTenant();
        for (var i = 0; i < 12; i++)
        {
            await Store.CreateAsync(User(tenant, $"user{i:D2}", i % 2 == 0 ? """{ "active": true }""" : """{ "active": false }"""));
        }

        var pages = await ReadAllPagesAsync(new ResourceQuery
        {
            Tenant = tenant,
            ResourceType = "User",
            Filter = Eq(TestSchema.User("active"), true),
            Sort = new SortSpec(TestSchema.User("userName"), Descending: true),
            Limit = 4,
        });

        pages.SelectMany(p => p).Select(r => r.UniqueKey).Should().Equal("user10", "user08", "user06", "user04", "user02", "user00");
        pages.Select(p => p.Count).Should().Equal(4, 2);
    }

    [SkippableFact]
    public async Task The_last_page_has_no_next_position()
    {
        var tenant = NewTenant();
        await Store.CreateAsync(User(tenant, "only"));

        var page = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 1 });

        page.Resources.Should().ContainSingle();
        page.Next.Should().BeNull();
    }

    // ---- helpers ----

    /// <summary>Four users whose documents cover every filter shape the tests use.</summary>
    protected async Task<People> SeedPeopleAsync()
    {
        var tenant = NewTenant();
        var users = new Dictionary<string, StoredResource>
        {
            ["alice"] = User(
                tenant,
                "Alice@Example.com",
                """
                {
                  "name": { "givenName": "Alice", "familyName": "Anderson" },
                  "emails": [
                    { "value": "alice@work.example", "type": "work", "primary": true },
                    { "value": "alice@home.example", "type": "home" }
                  ],
                  "active": true,
                  "title": "Engineer",
                  "nickName": null,
                  "ext": {
                    "enterprise": { "department": "Research", "manager": { "value": "mgr-1" } },
                    "access": { "roles": [ "Analyst", "Viewer" ] }
                  }
                }
                """,
                lastModified: new DateTimeOffset(2024, 1, 1, 12, 0, 0, TimeSpan.Zero),
                externalId: "ext-alice"),
            ["bob"] = User(
                tenant,
                "bob@example.com",
                """
                {
                  "name": { "familyName": "Baker" },
                  "emails": [ { "value": "bob@home.example", "type": "home" } ],
                  "active": false,
                  "title": "",
                  "ext": {
                    "enterprise": { "department": "Sales", "manager": { "value": "mgr-2" } },
                    "access": { "roles": [ "Admin" ] }
                  }
                }
                """,
                lastModified: new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero)),
            ["carol"] = User(
                tenant,
                "carol@example.com",
                """
                {
                  "name": {},
                  "emails": [],
                  "nickName": "Caz",
                  "active": true,
                  "ext": { "enterprise": { "department": "research", "manager": {} }, "access": { "roles": [] } }
                }
                """,
                lastModified: new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)),
            ["dave"] = User(
                tenant,
                "dave@example.org",
                """
                {
                  "name": { "familyName": "anderson-smith" },
                  "emails": [ { "value": "dave@work.example", "type": "work" } ],
                  "title": "Manager"
                }
                """,
                lastModified: new DateTimeOffset(2024, 9, 1, 0, 0, 0, TimeSpan.Zero)),
        };

        foreach (var user in users.Values)
        {
            (await Store.CreateAsync(user)).Should().Be(StoreOutcome.Ok);
        }

        return new People(tenant, users.ToDictionary(u => u.Key, u => u.Value.Id));
    }

    /// <summary>The keys (alice, bob, ...) of the seeded people that <paramref name="filter"/> matches.</summary>
    protected async Task<IReadOnlyList<string>> MatchAsync(People people, BoundFilter filter)
    {
        var page = await QueryAsync(people.Tenant, filter);
        page.TotalResults.Should().Be(page.Resources.Count);
        var names = people.Ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. page.Resources.Select(r => names[r.Id])];
    }

    protected Task<QueryPage> QueryAsync(string tenant, BoundFilter? filter, SortSpec? sort = null) =>
        Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = filter, Sort = sort, Limit = 100 });

    /// <summary>Follows <see cref="QueryPage.Next"/> until the last page.</summary>
    protected async Task<IReadOnlyList<IReadOnlyList<StoredResource>>> ReadAllPagesAsync(ResourceQuery query)
    {
        var pages = new List<IReadOnlyList<StoredResource>>();
        KeysetPosition? after = null;
        do
        {
            var page = await Store.QueryAsync(query with { After = after });
            pages.Add(page.Resources);
            after = page.Next;
            pages.Count.Should().BeLessThan(100, "paging must end");
        }
        while (after is not null);

        return pages;
    }

    private static IEnumerable<string?> UserNames(QueryPage page) =>
        page.Resources.Select(r => r.Document["userName"]!.Value<string>());

    /// <summary>The seeded tenant and the ids of its users by key.</summary>
    protected sealed record People(string Tenant, IReadOnlyDictionary<string, string> Ids);
}
