using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.Bound;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// What every <see cref="IResourceStore"/> must do with group membership (DESIGN.md: one edge per member), tested only
/// through the port. Every test works in fresh tenants, so one store instance may serve them all.
/// </summary>
public abstract class MembershipStoreContract : ResourceStoreContractBase
{
    private static readonly DateTimeOffset Later = Created.AddHours(1);

    // ---- create with members ----

    [SkippableFact]
    public async Task A_group_created_with_members_has_them_with_their_types_filled_in()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var team = await CreateGroupAsync(tenant, "Team");
        var group = Group(tenant, "Sales");

        var outcome = await Store.CreateAsync(group, [new MemberEdge(alice.Id), new MemberEdge(team.Id, "Group")]);

        outcome.Should().Be(StoreOutcome.Ok);
        (await MembersAsync(tenant, group.Id)).Should().BeEquivalentTo([(alice.Id, "User"), (team.Id, "Group")]);
    }

    [SkippableFact]
    public async Task A_group_created_with_a_missing_member_is_not_created()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var group = Group(tenant, "Sales");

        var outcome = await Store.CreateAsync(group, [new MemberEdge(alice.Id), new MemberEdge(NewId())]);

        outcome.Should().Be(StoreOutcome.MemberNotFound);
        (await Store.GetAsync(tenant, "Group", group.Id)).Should().BeNull();
        (await Store.ListMembersAsync(tenant, [group.Id])).Should().BeEmpty();
        (await Store.ListGroupsOfAsync(tenant, [alice.Id])).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_group_created_with_itself_as_a_member_is_not_created()
    {
        var tenant = NewTenant();
        var group = Group(tenant, "Loop");

        (await Store.CreateAsync(group, [new MemberEdge(group.Id, "Group")])).Should().Be(StoreOutcome.MemberNotFound);
        (await Store.GetAsync(tenant, "Group", group.Id)).Should().BeNull();
    }

    // ---- add / remove ----

    [SkippableFact]
    public async Task Adding_one_member_adds_its_edge_and_the_next_version()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var group = await CreateGroupAsync(tenant, "Sales", alice);

        var result = await UpdateAsync(tenant, group.Id, new MembershipChange { Add = [new MemberEdge(bob.Id, "User")] });

        result.Should().Be(new GroupUpdateResult(StoreOutcome.Ok, 2, []));
        (await MemberIdsAsync(tenant, group.Id)).Should().BeEquivalentTo(alice.Id, bob.Id);
        var stored = await Store.GetAsync(tenant, "Group", group.Id);
        stored!.Version.Should().Be(2);
        stored.LastModified.Should().Be(Later);
        stored.Document["displayName"]!.ToString().Should().Be("Sales");
    }

    [SkippableFact]
    public async Task Removing_one_member_removes_only_its_edge()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var group = await CreateGroupAsync(tenant, "Sales", alice, bob);

        var result = await UpdateAsync(tenant, group.Id, new MembershipChange { Remove = [alice.Id] });

        result.Outcome.Should().Be(StoreOutcome.Ok);
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(bob.Id);
        (await Store.GetAsync(tenant, "User", alice.Id)).Should().NotBeNull();
    }

    [SkippableFact]
    public async Task Adding_a_member_again_keeps_one_edge()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var group = await CreateGroupAsync(tenant, "Sales", alice);

        var result = await UpdateAsync(tenant, group.Id, new MembershipChange { Add = [new MemberEdge(alice.Id), new MemberEdge(alice.Id)] });

        result.Outcome.Should().Be(StoreOutcome.Ok);
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(alice.Id);
    }

    [SkippableFact]
    public async Task Removing_a_non_member_changes_no_edge()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var group = await CreateGroupAsync(tenant, "Sales", alice);

        var result = await UpdateAsync(tenant, group.Id, new MembershipChange { Remove = [bob.Id, NewId()] });

        result.Outcome.Should().Be(StoreOutcome.Ok);
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(alice.Id);
    }

    [SkippableFact]
    public async Task Replace_all_makes_the_members_exactly_the_given_ones()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var carol = await CreateUserAsync(tenant, "carol");
        var group = await CreateGroupAsync(tenant, "Sales", alice, bob);

        var result = await UpdateAsync(
            tenant, group.Id, new MembershipChange { ReplaceAll = true, Add = [new MemberEdge(bob.Id), new MemberEdge(carol.Id)] });

        result.Outcome.Should().Be(StoreOutcome.Ok);
        (await MemberIdsAsync(tenant, group.Id)).Should().BeEquivalentTo(bob.Id, carol.Id);
    }

    [SkippableFact]
    public async Task Replace_all_with_no_members_empties_the_group()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var group = await CreateGroupAsync(tenant, "Sales", alice);

        var result = await UpdateAsync(tenant, group.Id, new MembershipChange { ReplaceAll = true });

        result.Should().Be(new GroupUpdateResult(StoreOutcome.Ok, 2, []));
        (await Store.ListMembersAsync(tenant, [group.Id])).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Replacing_more_than_a_thousand_members_makes_them_exactly_the_given_ones_at_the_next_version_with_one_audit_entry()
    {
        // More edge writes than the MongoDB store makes in one transaction (1,000): applied there in fenced batches.
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 1_300).Select(i => User(tenant, $"user{i}")).ToList();
        await Store.CreateManyAsync([.. users.Select(u => (u, (AuditEntry?)null))]);
        var group = Group(tenant, "Everyone");
        await Store.CreateAsync(group, [.. users.Take(600).Select(u => new MemberEdge(u.Id))]);
        var wanted = users.Skip(300).ToList();

        var result = await Store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant,
            GroupId = group.Id,
            ExpectedVersion = 1,
            Members = new MembershipChange { ReplaceAll = true, Add = [.. wanted.Select(u => new MemberEdge(u.Id))] },
            LastModified = Later,
            Audit = new AuditEntry
            {
                Tenant = tenant, At = Later, Actor = "okta", Operation = "replace", ResourceType = "Group", ResourceId = group.Id,
            },
        });

        result.Should().Be(new GroupUpdateResult(StoreOutcome.Ok, 2, []));
        // Sorted and compared in order: an unordered equivalence of 1,000 strings is quadratic in FluentAssertions (17 s).
        (await MemberIdsAsync(tenant, group.Id)).Order(StringComparer.Ordinal).Should().Equal(wanted.Select(u => u.Id).Order(StringComparer.Ordinal));
        (await Store.GetAsync(tenant, "Group", group.Id))!.Version.Should().Be(2);
        if (Store is IAuditLog log)
        {
            (await log.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 10 })).Should().ContainSingle().Which.Version.Should().Be(2);
        }
    }

    [SkippableFact]
    public async Task A_large_replace_at_a_stale_version_changes_nothing()
    {
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 1_500).Select(i => User(tenant, $"user{i}")).ToList();
        await Store.CreateManyAsync([.. users.Select(u => (u, (AuditEntry?)null))]);
        var group = await CreateGroupAsync(tenant, "Everyone", users[0]);

        var result = await UpdateAsync(
            tenant, group.Id, new MembershipChange { ReplaceAll = true, Add = [.. users.Select(u => new MemberEdge(u.Id))] }, expectedVersion: 7);

        result.Outcome.Should().Be(StoreOutcome.PreconditionFailed);
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(users[0].Id);
    }

    [SkippableFact]
    public async Task A_large_add_with_a_missing_member_names_it_and_changes_nothing()
    {
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 1_500).Select(i => User(tenant, $"user{i}")).ToList();
        await Store.CreateManyAsync([.. users.Select(u => (u, (AuditEntry?)null))]);
        var group = await CreateGroupAsync(tenant, "Everyone");
        var ghost = NewId();

        var result = await UpdateAsync(
            tenant, group.Id, new MembershipChange { Add = [.. users.Select(u => new MemberEdge(u.Id)), new MemberEdge(ghost)] });

        result.Outcome.Should().Be(StoreOutcome.MemberNotFound);
        result.MissingMembers.Should().Equal(ghost);
        (await Store.ListMembersAsync(tenant, [group.Id])).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_member_removed_and_added_in_one_update_stays()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var group = await CreateGroupAsync(tenant, "Sales", alice);

        await UpdateAsync(tenant, group.Id, new MembershipChange { Remove = [alice.Id], Add = [new MemberEdge(alice.Id)] });

        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(alice.Id);
    }

    // ---- versions and failures ----

    [SkippableFact]
    public async Task Every_update_grows_the_version_by_one()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var group = await CreateGroupAsync(tenant, "Sales");

        var versions = new List<long>
        {
            (await UpdateAsync(tenant, group.Id, new MembershipChange { Add = [new MemberEdge(alice.Id)] })).Version,
            (await UpdateAsync(tenant, group.Id, new MembershipChange { Remove = [alice.Id] }, expectedVersion: 2)).Version,
            (await UpdateAsync(tenant, group.Id, MembershipChange.None)).Version,
        };

        versions.Should().Equal(2, 3, 4);
        (await Store.GetAsync(tenant, "Group", group.Id))!.Version.Should().Be(4);
    }

    [SkippableFact]
    public async Task An_update_at_a_stale_version_returns_precondition_failed_and_changes_nothing()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var group = await CreateGroupAsync(tenant, "Sales", alice);
        await UpdateAsync(tenant, group.Id, MembershipChange.None);

        var result = await Store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant,
            GroupId = group.Id,
            ExpectedVersion = 1,
            Replacement = Changed(group, d => d["displayName"] = "Renamed"),
            Members = new MembershipChange { Remove = [alice.Id], Add = [new MemberEdge(bob.Id)] },
            LastModified = Later,
        });

        result.Should().Be(GroupUpdateResult.Failed(StoreOutcome.PreconditionFailed));
        var stored = await Store.GetAsync(tenant, "Group", group.Id);
        stored!.Version.Should().Be(2);
        stored.Document["displayName"]!.ToString().Should().Be("Sales");
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(alice.Id);
    }

    [SkippableFact]
    public async Task An_update_of_an_unknown_group_returns_not_found()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");

        var result = await UpdateAsync(tenant, NewId(), new MembershipChange { Add = [new MemberEdge(alice.Id)] });

        result.Outcome.Should().Be(StoreOutcome.NotFound);
        (await Store.ListGroupsOfAsync(tenant, [alice.Id])).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Adding_missing_members_returns_their_ids_and_changes_nothing()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var group = await CreateGroupAsync(tenant, "Sales", alice);
        var ghost1 = NewId();
        var ghost2 = NewId();

        var result = await UpdateAsync(
            tenant,
            group.Id,
            new MembershipChange { Remove = [alice.Id], Add = [new MemberEdge(bob.Id), new MemberEdge(ghost1), new MemberEdge(ghost2, "User")] });

        result.Outcome.Should().Be(StoreOutcome.MemberNotFound);
        result.MissingMembers.Should().Equal(ghost1, ghost2);
        (await Store.GetAsync(tenant, "Group", group.Id))!.Version.Should().Be(1);
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(alice.Id);
    }

    [SkippableFact]
    public async Task A_member_of_the_wrong_type_or_the_group_itself_is_missing()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var team = await CreateGroupAsync(tenant, "Team");
        var group = await CreateGroupAsync(tenant, "Sales");

        var result = await UpdateAsync(
            tenant,
            group.Id,
            new MembershipChange { Add = [new MemberEdge(alice.Id, "Group"), new MemberEdge(team.Id, "User"), new MemberEdge(group.Id)] });

        result.Outcome.Should().Be(StoreOutcome.MemberNotFound);
        result.MissingMembers.Should().Equal(alice.Id, team.Id, group.Id);
    }

    [SkippableFact]
    public async Task A_member_type_is_matched_case_insensitively_and_stored_canonical()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var group = await CreateGroupAsync(tenant, "Sales");

        (await UpdateAsync(tenant, group.Id, new MembershipChange { Add = [new MemberEdge(alice.Id, "user")] })).Outcome.Should().Be(StoreOutcome.Ok);

        (await MembersAsync(tenant, group.Id)).Should().Equal((alice.Id, "User"));
    }

    [SkippableFact]
    public async Task A_new_document_and_a_membership_change_land_in_one_update()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var group = await CreateGroupAsync(tenant, "Sales", alice);
        var renamed = Changed(group, d => d["displayName"] = "Sales EMEA") with { ExternalId = "ext-sales" };

        var result = await Store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant,
            GroupId = group.Id,
            ExpectedVersion = 1,
            Replacement = renamed,
            Members = new MembershipChange { ReplaceAll = true, Add = [new MemberEdge(bob.Id)] },
            LastModified = Later,
        });

        result.Should().Be(new GroupUpdateResult(StoreOutcome.Ok, 2, []));
        var stored = await Store.GetAsync(tenant, "Group", group.Id);
        stored!.Version.Should().Be(2);
        stored.LastModified.Should().Be(Later);
        stored.ExternalId.Should().Be("ext-sales");
        stored.Document["displayName"]!.ToString().Should().Be("Sales EMEA");
        (await MemberIdsAsync(tenant, group.Id)).Should().Equal(bob.Id);
        (await Store.ListGroupsOfAsync(tenant, [bob.Id])).Should().Equal(new GroupMembership(bob.Id, group.Id, "Sales EMEA", Direct: true));
    }

    [SkippableFact]
    public async Task Concurrent_membership_updates_without_an_expected_version_all_land()
    {
        var tenant = NewTenant();
        var group = await CreateGroupAsync(tenant, "Everyone");
        var users = new List<StoredResource>();
        for (var i = 0; i < 50; i++)
        {
            users.Add(await CreateUserAsync(tenant, $"user{i:D2}"));
        }

        var results = await Task.WhenAll(users.Select(user => Task.Run(() =>
            UpdateAsync(tenant, group.Id, new MembershipChange { Add = [new MemberEdge(user.Id, "User")] }))));

        results.Select(r => r.Outcome).Should().AllBeEquivalentTo(StoreOutcome.Ok);
        results.Select(r => r.Version).Should().BeEquivalentTo(Enumerable.Range(2, 50).Select(v => (long)v));
        (await Store.ListMembersAsync(tenant, [group.Id])).Should().HaveCount(50);
        (await Store.GetAsync(tenant, "Group", group.Id))!.Version.Should().Be(51);
    }

    // ---- listings ----

    [SkippableFact]
    public async Task Members_are_listed_for_several_groups_with_a_display_name()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice", """{ "displayName": "Alice Anderson" }""");
        var bob = await CreateUserAsync(tenant, "bob");
        var team = await CreateGroupAsync(tenant, "Team", bob);
        var sales = await CreateGroupAsync(tenant, "Sales", alice, bob, team);
        var empty = await CreateGroupAsync(tenant, "Empty");

        var members = await Store.ListMembersAsync(tenant, [sales.Id, team.Id, empty.Id]);

        members.Should().BeEquivalentTo(new[]
        {
            new GroupMember(sales.Id, alice.Id, "User", "Alice Anderson"),
            new GroupMember(sales.Id, bob.Id, "User", "bob"),
            new GroupMember(sales.Id, team.Id, "Group", "Team"),
            new GroupMember(team.Id, bob.Id, "User", "bob"),
        });
        members.Select(m => (m.GroupId, m.MemberId)).Should().BeInAscendingOrder(
            Comparer<(string GroupId, string MemberId)>.Create((x, y) =>
                string.CompareOrdinal(x.GroupId, y.GroupId) is var byGroup and not 0 ? byGroup : string.CompareOrdinal(x.MemberId, y.MemberId)));
    }

    [SkippableFact]
    public async Task The_member_groups_of_a_group_are_its_direct_members_of_type_group_by_display_name()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var deep = await CreateGroupAsync(tenant, "Deep", alice);
        var team = await CreateGroupAsync(tenant, "Team", deep);
        var audit = await CreateGroupAsync(tenant, "Audit");
        var sales = await CreateGroupAsync(tenant, "Sales", alice, team, audit);

        var groups = await Store.ListMemberGroupsAsync(tenant, sales.Id);

        groups.Should().Equal(new GroupMember(sales.Id, audit.Id, "Group", "Audit"), new GroupMember(sales.Id, team.Id, "Group", "Team"));
        (await Store.ListMemberGroupsAsync(tenant, deep.Id)).Should().BeEmpty();
        (await Store.ListMemberGroupsAsync(NewTenant(), sales.Id)).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task Groups_of_a_member_are_direct_and_through_nested_groups()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var team = await CreateGroupAsync(tenant, "Team", alice);
        var sales = await CreateGroupAsync(tenant, "Sales", team);
        var everyone = await CreateGroupAsync(tenant, "Everyone", sales, alice, bob);

        var groups = await Store.ListGroupsOfAsync(tenant, [alice.Id, bob.Id, team.Id]);

        groups.Should().BeEquivalentTo(new[]
        {
            new GroupMembership(alice.Id, team.Id, "Team", Direct: true),
            new GroupMembership(alice.Id, sales.Id, "Sales", Direct: false),
            new GroupMembership(alice.Id, everyone.Id, "Everyone", Direct: true),
            new GroupMembership(bob.Id, everyone.Id, "Everyone", Direct: true),
            new GroupMembership(team.Id, sales.Id, "Sales", Direct: true),
            new GroupMembership(team.Id, everyone.Id, "Everyone", Direct: false),
        });
    }

    [SkippableFact]
    public async Task A_cycle_of_groups_ends_the_walk()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var a = await CreateGroupAsync(tenant, "A", alice);
        var b = await CreateGroupAsync(tenant, "B", a);
        await UpdateAsync(tenant, a.Id, new MembershipChange { Add = [new MemberEdge(b.Id, "Group")] });

        var groups = await Store.ListGroupsOfAsync(tenant, [alice.Id]);

        groups.Should().BeEquivalentTo(new[]
        {
            new GroupMembership(alice.Id, a.Id, "A", Direct: true),
            new GroupMembership(alice.Id, b.Id, "B", Direct: false),
        });
        (await Store.ListGroupsOfAsync(tenant, [a.Id])).Should().Equal(new GroupMembership(a.Id, b.Id, "B", Direct: true));
        var inA = await QueryGroupsOfAsync(tenant, Eq(TestSchema.User("groups.value"), a.Id));
        inA.Should().Equal(alice.Id);
    }

    [SkippableFact]
    public async Task Find_missing_members_names_the_ids_that_are_not_users_or_groups_of_the_type()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var team = await CreateGroupAsync(tenant, "Team");
        var ghost = NewId();

        var missing = await Store.FindMissingMembersAsync(
            tenant, [new MemberEdge(alice.Id), new MemberEdge(team.Id, "Group"), new MemberEdge(ghost), new MemberEdge(alice.Id, "Group")]);

        missing.Should().Equal(ghost, alice.Id);
    }

    // ---- deletes ----

    [SkippableFact]
    public async Task A_deleted_user_disappears_from_every_group()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var sales = await CreateGroupAsync(tenant, "Sales", alice, bob);
        var team = await CreateGroupAsync(tenant, "Team", alice);

        await Store.DeleteAsync(tenant, "User", alice.Id, expectedVersion: null);

        (await Store.ListMembersAsync(tenant, [sales.Id, team.Id])).Select(m => m.MemberId).Should().Equal(bob.Id);
        (await Store.ListGroupsOfAsync(tenant, [alice.Id])).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task A_deleted_group_leaves_its_parents_and_its_members_leave_it()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var team = await CreateGroupAsync(tenant, "Team", alice);
        var everyone = await CreateGroupAsync(tenant, "Everyone", team);

        await Store.DeleteAsync(tenant, "Group", team.Id, expectedVersion: null);

        (await Store.ListMembersAsync(tenant, [everyone.Id, team.Id])).Should().BeEmpty();
        (await Store.ListGroupsOfAsync(tenant, [alice.Id])).Should().BeEmpty();
    }

    // ---- tenant isolation ----

    [SkippableFact]
    public async Task A_member_of_another_tenant_is_missing()
    {
        var tenant = NewTenant();
        var stranger = await CreateUserAsync(NewTenant(), "stranger");
        var group = await CreateGroupAsync(tenant, "Sales");

        var result = await UpdateAsync(tenant, group.Id, new MembershipChange { Add = [new MemberEdge(stranger.Id)] });

        result.Outcome.Should().Be(StoreOutcome.MemberNotFound);
        result.MissingMembers.Should().Equal(stranger.Id);
        (await Store.CreateAsync(Group(tenant, "Other"), [new MemberEdge(stranger.Id)])).Should().Be(StoreOutcome.MemberNotFound);
        (await Store.FindMissingMembersAsync(tenant, [new MemberEdge(stranger.Id)])).Should().Equal(stranger.Id);
    }

    [SkippableFact]
    public async Task Listings_and_updates_never_cross_tenants()
    {
        var owner = NewTenant();
        var other = NewTenant();
        var alice = await CreateUserAsync(owner, "alice");
        var group = await CreateGroupAsync(owner, "Sales", alice);

        (await Store.ListMembersAsync(other, [group.Id])).Should().BeEmpty();
        (await Store.ListGroupsOfAsync(other, [alice.Id])).Should().BeEmpty();
        (await UpdateAsync(other, group.Id, new MembershipChange { Remove = [alice.Id] })).Outcome.Should().Be(StoreOutcome.NotFound);
        (await QueryGroupsAsync(other, Eq(TestSchema.Group("members.value"), alice.Id))).Should().BeEmpty();
        (await QueryGroupsOfAsync(other, Eq(TestSchema.User("groups.value"), group.Id))).Should().BeEmpty();
        (await MemberIdsAsync(owner, group.Id)).Should().Equal(alice.Id);
    }

    // ---- filters ----

    [SkippableFact]
    public async Task Groups_filter_by_a_member_value()
    {
        var org = await SeedOrganisationAsync();
        var value = TestSchema.Group("members.value");

        (await QueryGroupsAsync(org.Tenant, Eq(value, org.Alice))).Should().BeEquivalentTo(org.Team, org.Everyone);
        (await QueryGroupsAsync(org.Tenant, Eq(TestSchema.Group("members"), org.Team))).Should().BeEquivalentTo(org.Sales);
        (await QueryGroupsAsync(org.Tenant, Ne(value, org.Alice))).Should().BeEquivalentTo(org.Sales, org.Empty);
    }

    [SkippableFact]
    public async Task Groups_filter_by_a_members_value_path()
    {
        var org = await SeedOrganisationAsync();
        var members = TestSchema.Group("members");
        var value = TestSchema.Element(members, "value");
        var type = TestSchema.Element(members, "type");

        (await QueryGroupsAsync(org.Tenant, Where(members, Eq(value, org.Bob)))).Should().BeEquivalentTo(org.Everyone);
        (await QueryGroupsAsync(org.Tenant, Where(members, Eq(type, "group")))).Should().BeEquivalentTo(org.Sales, org.Everyone);
        (await QueryGroupsAsync(org.Tenant, Where(members, And(Eq(type, "User"), Ne(value, org.Alice))))).Should().BeEquivalentTo(org.Everyone);
    }

    [SkippableFact]
    public async Task Groups_filter_by_having_members()
    {
        var org = await SeedOrganisationAsync();

        (await QueryGroupsAsync(org.Tenant, Pr(TestSchema.Group("members")))).Should().BeEquivalentTo(org.Team, org.Sales, org.Everyone);
        (await QueryGroupsAsync(org.Tenant, Not(Pr(TestSchema.Group("members"))))).Should().BeEquivalentTo(org.Empty);
    }

    [SkippableFact]
    public async Task Users_filter_by_a_group_they_are_in_directly_or_through_nested_groups()
    {
        var org = await SeedOrganisationAsync();
        var value = TestSchema.User("groups.value");

        (await QueryGroupsOfAsync(org.Tenant, Eq(value, org.Team))).Should().BeEquivalentTo(org.Alice);
        (await QueryGroupsOfAsync(org.Tenant, Eq(value, org.Sales))).Should().BeEquivalentTo(org.Alice);
        (await QueryGroupsOfAsync(org.Tenant, Eq(value, org.Everyone))).Should().BeEquivalentTo(org.Alice, org.Bob);
        (await QueryGroupsOfAsync(org.Tenant, Ne(value, org.Sales))).Should().BeEquivalentTo(org.Bob, org.Carol);
        (await QueryGroupsOfAsync(org.Tenant, Where(TestSchema.User("groups"), Eq(TestSchema.Element(TestSchema.User("groups"), "value"), org.Team))))
            .Should().BeEquivalentTo(org.Alice);
    }

    [SkippableFact]
    public async Task Users_filter_by_being_in_any_group()
    {
        var org = await SeedOrganisationAsync();

        (await QueryGroupsOfAsync(org.Tenant, Pr(TestSchema.User("groups")))).Should().BeEquivalentTo(org.Alice, org.Bob);
        (await QueryGroupsOfAsync(org.Tenant, Not(Pr(TestSchema.User("groups"))))).Should().BeEquivalentTo(org.Carol);
    }

    [SkippableFact]
    public async Task Membership_filters_on_a_group_of_thousands_page_and_count_exactly()
    {
        await MembershipFiltersHoldAtAsync(2_500);
    }

    // ---- helpers ----

    /// <summary>
    /// A group of <paramref name="size"/> users nested in another, filtered both ways: a user's <c>groups.value</c>
    /// (directly and through the nesting, and its negation) and a group's <c>members.value</c>, with exact counts and a
    /// page from the middle. The MongoDB store once resolved these into one id list; a store must hold them at any size.
    /// </summary>
    private async Task MembershipFiltersHoldAtAsync(int size)
    {
        var tenant = NewTenant();
        var members = Enumerable.Range(0, size).Select(i => User(tenant, $"member{i:D6}")).ToList();
        var outsider = User(tenant, "outsider");
        await Store.CreateManyAsync([.. members.Append(outsider).Select(u => (u, (AuditEntry?)null))]);
        var all = await CreateGroupAsync(tenant, "All");
        var parent = await CreateGroupAsync(tenant, "Parent", all);
        var other = await CreateGroupAsync(tenant, "Other", members[7]);
        (await UpdateAsync(tenant, all.Id, new MembershipChange { Add = [.. members.Select(u => new MemberEdge(u.Id, "User"))] }))
            .Outcome.Should().Be(StoreOutcome.Ok);
        var ids = members.Select(u => u.Id).Order(StringComparer.Ordinal).ToList();
        var groupsValue = TestSchema.User("groups.value");
        var membersValue = TestSchema.Group("members.value");

        var middle = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = Eq(groupsValue, all.Id), Offset = size / 2, Limit = 50 });
        middle.TotalResults.Should().Be(size);
        middle.Resources.Select(r => r.Id).Should().Equal(ids.Skip(size / 2).Take(50));

        var nested = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = Eq(groupsValue, parent.Id), Limit = 10 });
        nested.TotalResults.Should().Be(size);
        nested.Resources.Select(r => r.Id).Should().Equal(ids.Take(10));

        (await QueryGroupsOfAsync(tenant, Ne(groupsValue, all.Id))).Should().Equal(outsider.Id);
        (await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = Pr(TestSchema.User("groups")), Limit = 0 }))
            .TotalResults.Should().Be(size);
        (await QueryGroupsAsync(tenant, Eq(membersValue, members[7].Id))).Should().BeEquivalentTo(all.Id, other.Id);
        (await QueryGroupsAsync(tenant, Eq(membersValue, members[size - 1].Id))).Should().Equal(all.Id);
        (await QueryGroupsAsync(tenant, Eq(membersValue, outsider.Id))).Should().BeEmpty();
    }

    /// <summary>Alice in Team; Team in Sales; Sales, Alice and Bob in Everyone; Carol in no group; Empty has no member.</summary>
    protected async Task<Organisation> SeedOrganisationAsync()
    {
        var tenant = NewTenant();
        var alice = await CreateUserAsync(tenant, "alice");
        var bob = await CreateUserAsync(tenant, "bob");
        var carol = await CreateUserAsync(tenant, "carol");
        var team = await CreateGroupAsync(tenant, "Team", alice);
        var sales = await CreateGroupAsync(tenant, "Sales", team);
        var everyone = await CreateGroupAsync(tenant, "Everyone", sales, alice, bob);
        var empty = await CreateGroupAsync(tenant, "Empty");
        return new Organisation(tenant, alice.Id, bob.Id, carol.Id, team.Id, sales.Id, everyone.Id, empty.Id);
    }

    protected async Task<StoredResource> CreateUserAsync(string tenant, string userName, string? body = null)
    {
        var user = User(tenant, userName, body);
        (await Store.CreateAsync(user)).Should().Be(StoreOutcome.Ok);
        return user;
    }

    protected async Task<StoredResource> CreateGroupAsync(string tenant, string displayName, params StoredResource[] members)
    {
        var group = Group(tenant, displayName);
        (await Store.CreateAsync(group, [.. members.Select(m => new MemberEdge(m.Id, m.ResourceType))])).Should().Be(StoreOutcome.Ok);
        return group;
    }

    protected Task<GroupUpdateResult> UpdateAsync(string tenant, string groupId, MembershipChange change, long? expectedVersion = null) =>
        Store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant,
            GroupId = groupId,
            ExpectedVersion = expectedVersion,
            Members = change,
            LastModified = Later,
        });

    private async Task<IReadOnlyList<(string Id, string Type)>> MembersAsync(string tenant, string groupId) =>
        [.. (await Store.ListMembersAsync(tenant, [groupId])).Select(m => (m.MemberId, m.MemberType))];

    private async Task<IReadOnlyList<string>> MemberIdsAsync(string tenant, string groupId) =>
        [.. (await Store.ListMembersAsync(tenant, [groupId])).Select(m => m.MemberId)];

    /// <summary>The ids of the groups that <paramref name="filter"/> matches.</summary>
    private Task<IReadOnlyList<string>> QueryGroupsAsync(string tenant, BoundFilter filter) => QueryIdsAsync(tenant, "Group", filter);

    /// <summary>The ids of the users that <paramref name="filter"/> (on their <c>groups</c>) matches.</summary>
    private Task<IReadOnlyList<string>> QueryGroupsOfAsync(string tenant, BoundFilter filter) => QueryIdsAsync(tenant, "User", filter);

    private async Task<IReadOnlyList<string>> QueryIdsAsync(string tenant, string resourceType, BoundFilter filter)
    {
        var page = await Store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = resourceType, Filter = filter, Limit = 100 });
        page.TotalResults.Should().Be(page.Resources.Count);
        return [.. page.Resources.Select(r => r.Id)];
    }

    /// <summary>The ids of a seeded organisation's users and groups.</summary>
    protected sealed record Organisation(
        string Tenant, string Alice, string Bob, string Carol, string Team, string Sales, string Everyone, string Empty);
}
