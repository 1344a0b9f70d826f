using Newtonsoft.Json.Linq;
using ScimServer.Core.Storage;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Contract;

/// <summary>
/// Filters on the attributes identity providers match on (the resource types' declared search keys), bound by the
/// real binder as a request's are, so a store that narrows them through an index is checked for the exact answer:
/// every operator, case folding, short and wildcard-looking values, and the keys following each write.
/// </summary>
public abstract class SearchFilterContract : ResourceStoreContractBase
{
    /// <summary>Filters on search keys, and the users of <see cref="SeedAsync"/> each finds.</summary>
    public static TheoryData<string, string[]> SearchKeyFilters { get; } = new()
    {
        { "emails.value eq \"ANN.LEE@Example.com\"", ["ann"] },
        { "emails eq \"bo@home.example\"", ["bo"] },
        { "emails[type eq \"work\" and value eq \"ann.lee@example.com\"]", ["ann"] },
        { "emails[type eq \"home\" and value eq \"ann.lee@example.com\"]", [] },
        { "emails.value sw \"ann.\"", ["ann"] },
        { "emails.value co \"lee@\"", ["ann"] },
        { "emails.value co \"EXAMPLE\"", ["ann", "bo", "cy_x"] },
        { "emails.value ew \".example\"", ["bo"] },
        { "emails.value co \"o@\"", ["bo"] },
        { "userName co \"_x\"", ["cy_x"] },
        { "userName co \"%\"", ["pct%"] },
        { "userName co \"y_\"", ["cy_x"] },
        { "userName sw \"AN\"", ["ann"] },
        { "userName ew \"NN\"", ["ann"] },
        { "userName co \"n\"", ["ann"] },
        { "name.familyName eq \"lee\"", ["ann"] },
        { "name.familyName sw \"Le\"", ["ann"] },
        { "name.familyName co \"ürg\"", ["bo"] },
        { "name.familyName ew \"RGEN\"", ["bo"] },
        { "displayName co \"ee ann\"", ["ann"] },
        { "displayName eq \"Lee Ann\"", ["ann"] },
        { "displayName ew \"y 🎉\"", ["cy_x"] },
        { "displayName co \"🎉\"", ["cy_x"] },
        { "displayName sw \"CY 🎉\"", ["cy_x"] },
        { "emails.value ew \"EXAMPLE.COM\"", ["ann"] },
        { "not (emails.value co \"example\")", ["pct%"] },
        { "emails.value ne \"ann.lee@example.com\"", ["bo", "cy_x", "pct%"] },
        { "emails.value co \"lee@\" or userName eq \"bo\"", ["ann", "bo"] },
    };

    [SkippableTheory]
    [MemberData(nameof(SearchKeyFilters))]
    public async Task A_filter_on_a_search_key_finds_exactly_the_matching_users(string filter, string[] expected)
    {
        var tenant = NewTenant();
        await SeedAsync(tenant);
        await SeedAsync(NewTenant());

        (await UserNamesAsync(tenant, filter)).Should().BeEquivalentTo(expected);
    }

    [SkippableTheory]
    [MemberData(nameof(SearchKeyFilters))]
    public async Task A_filter_on_a_search_key_finds_exactly_the_matching_users_created_in_one_batch(string filter, string[] expected)
    {
        // A store may write the keys of a batch differently (all at once, in another order) from those of one creation.
        var tenant = NewTenant();
        await SeedAsync(tenant, batched: true);
        await SeedAsync(NewTenant(), batched: true);

        (await UserNamesAsync(tenant, filter)).Should().BeEquivalentTo(expected);
    }

    [SkippableFact]
    public async Task A_batch_holding_a_key_with_a_lone_surrogate_is_created_and_found()
    {
        // JSON lets a client send "\uD800" alone; a batch keeps it as a single creation does: the replacement character.
        var tenant = NewTenant();
        var outcomes = await Store.CreateManyAsync(
            [(User(tenant, "lone", """{"displayName": "x\uD800yz"}"""), null), (User(tenant, "plain", """{"displayName": "xyz"}"""), null)]);

        outcomes.Should().Equal(StoreOutcome.Ok, StoreOutcome.Ok);
        (await UserNamesAsync(tenant, "displayName sw \"x\"")).Should().BeEquivalentTo("lone", "plain");
        (await UserNamesAsync(tenant, "displayName ew \"yz\"")).Should().BeEquivalentTo("lone", "plain");
        (await UserNamesAsync(tenant, "displayName eq \"x\uFFFDyz\"")).Should().Equal("lone");
        (await UserNamesAsync(tenant, "displayName ew \"\uFFFDyz\"")).Should().Equal("lone");
    }

    [SkippableFact]
    public async Task A_contains_filter_reads_every_character_of_its_value_as_text()
    {
        // Quotes, operators and wildcards of the full-text query syntax a store may use for co (FTS5's MATCH) are text.
        var tenant = NewTenant();
        await SeedAsync(tenant);
        await Store.CreateAsync(User(tenant, "q\"uote*(^:)", """{"displayName": "said \"hi\" OR NOT near"}"""));

        (await UserNamesAsync(tenant, "userName co \"q\\\"uote*(\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "userName co \"*(^:)\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "displayName co \"\\\"hi\\\" or not\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "displayName co \"OR NOT NEAR\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "displayName co \"hi OR\"")).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task An_ends_with_filter_reads_every_character_of_its_value_as_text()
    {
        // A store may answer ew from a full-text index too (SQLite: a prefix query on the values backwards).
        var tenant = NewTenant();
        await SeedAsync(tenant);
        await Store.CreateAsync(User(tenant, "q\"uote*(^:)", """{"displayName": "said \"hi\" OR NOT near", "name": {"familyName": "Ünal-O'Neil"}}"""));
        await Store.CreateAsync(User(tenant, "plain", """{"displayName": "near", "name": {"familyName": "Neil"}}"""));

        (await UserNamesAsync(tenant, "userName ew \"*(^:)\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "userName ew \"\\\"uote*(^:)\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "displayName ew \"\\\"HI\\\" or not NEAR\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "displayName ew \"near\"")).Should().BeEquivalentTo("q\"uote*(^:)", "plain");
        (await UserNamesAsync(tenant, "displayName ew \" near\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "name.familyName ew \"-o'neil\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "name.familyName ew \"neil\"")).Should().BeEquivalentTo("q\"uote*(^:)", "plain");
        (await UserNamesAsync(tenant, "name.familyName ew \"ÜNAL-O'NEIL\"")).Should().Equal("q\"uote*(^:)");
        (await UserNamesAsync(tenant, "name.familyName ew \"unal-o'neil\"")).Should().BeEmpty();
    }

    [SkippableFact]
    public async Task An_ends_with_filter_finds_a_long_value_by_all_of_it_or_its_end()
    {
        var tenant = NewTenant();
        var longName = string.Concat(Enumerable.Repeat("abcdefghij", 40)) + "🎉end";
        await Store.CreateAsync(User(tenant, "long", $$"""{"displayName": "{{longName}}"}"""));
        await Store.CreateAsync(User(tenant, "other", $$"""{"displayName": "x{{longName[1..]}}"}"""));

        (await UserNamesAsync(tenant, $"displayName ew \"{longName}\"")).Should().Equal("long");
        (await UserNamesAsync(tenant, $"displayName ew \"{longName[1..]}\"")).Should().BeEquivalentTo("long", "other");
        (await UserNamesAsync(tenant, "displayName ew \"🎉END\"")).Should().BeEquivalentTo("long", "other");
    }

    [SkippableFact]
    public async Task A_replaced_user_is_found_by_its_new_values_only()
    {
        var tenant = NewTenant();
        var user = User(tenant, "dee", """{"emails": [{"value": "dee@old.example"}], "name": {"familyName": "Old"}}""");
        await Store.CreateAsync(user);

        var replaced = Changed(user, d =>
        {
            d["emails"] = JArray.Parse("""[{"value": "dee@new.example"}]""");
            d["name"] = JObject.Parse("""{"familyName": "New"}""");
        });
        (await Store.ReplaceAsync(replaced, user.Version)).Should().Be(StoreOutcome.Ok);

        (await UserNamesAsync(tenant, "emails.value eq \"dee@old.example\"")).Should().BeEmpty();
        (await UserNamesAsync(tenant, "emails.value co \"old.ex\"")).Should().BeEmpty();
        (await UserNamesAsync(tenant, "name.familyName eq \"old\"")).Should().BeEmpty();
        (await UserNamesAsync(tenant, "emails.value eq \"dee@new.example\"")).Should().Equal("dee");
        (await UserNamesAsync(tenant, "name.familyName co \"ew\"")).Should().Equal("dee");
        (await UserNamesAsync(tenant, "emails.value ew \"@old.example\"")).Should().BeEmpty();
        (await UserNamesAsync(tenant, "name.familyName ew \"old\"")).Should().BeEmpty();
        (await UserNamesAsync(tenant, "emails.value ew \"@NEW.example\"")).Should().Equal("dee");
    }

    [SkippableFact]
    public async Task A_deleted_user_is_no_longer_found_and_its_values_are_free()
    {
        var tenant = NewTenant();
        var user = User(tenant, "gone", """{"emails": [{"value": "gone@example.com"}]}""");
        await Store.CreateAsync(user);
        (await Store.DeleteAsync(tenant, "User", user.Id, expectedVersion: null)).Should().Be(StoreOutcome.Ok);

        (await UserNamesAsync(tenant, "emails.value eq \"gone@example.com\"")).Should().BeEmpty();

        (await UserNamesAsync(tenant, "emails.value ew \"gone@example.com\"")).Should().BeEmpty();

        await Store.CreateAsync(User(tenant, "again", """{"emails": [{"value": "gone@example.com"}]}"""));
        (await UserNamesAsync(tenant, "emails.value co \"gone@\"")).Should().Equal("again");
        (await UserNamesAsync(tenant, "emails.value ew \"e@example.com\"")).Should().Equal("again");
    }

    [SkippableFact]
    public async Task Users_created_in_a_batch_are_found_by_their_search_keys()
    {
        var tenant = NewTenant();
        var batch = Enumerable.Range(0, 50)
            .Select(i => (User(tenant, $"batch{i}", $$"""{"emails": [{"value": "batch{{i}}@bulk.example"}]}"""), (AuditEntry?)null))
            .ToList();
        await Store.CreateManyAsync(batch);

        (await UserNamesAsync(tenant, "emails.value eq \"batch7@bulk.example\"")).Should().Equal("batch7");
        (await UserNamesAsync(tenant, "emails.value co \"h4\"")).Should().BeEquivalentTo(["batch4", .. Enumerable.Range(40, 10).Select(i => $"batch{i}")]);
    }

    [SkippableFact]
    public async Task A_group_is_found_by_its_display_name_and_a_renamed_group_by_its_new_one()
    {
        var tenant = NewTenant();
        var group = Group(tenant, "Sales EMEA");
        await Store.CreateAsync(group);
        await Store.CreateAsync(Group(NewTenant(), "Sales EMEA"));

        (await GroupIdsAsync(tenant, "displayName eq \"sales emea\"")).Should().Equal(group.Id);
        (await GroupIdsAsync(tenant, "displayName co \"S EM\"")).Should().Equal(group.Id);

        var renamed = Changed(group, d => d["displayName"] = "Sales APAC");
        var result = await Store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant,
            GroupId = group.Id,
            ExpectedVersion = group.Version,
            Replacement = renamed,
            LastModified = renamed.LastModified,
        });
        result.Outcome.Should().Be(StoreOutcome.Ok);

        (await GroupIdsAsync(tenant, "displayName co \"EMEA\"")).Should().BeEmpty();
        (await GroupIdsAsync(tenant, "displayName sw \"sales a\"")).Should().Equal(group.Id);
    }

    private async Task SeedAsync(string tenant, bool batched = false)
    {
        StoredResource[] users =
        [
            User(tenant, "ann", """
                {"displayName": "Lee Ann", "name": {"givenName": "Ann", "familyName": "Lee"},
                 "emails": [{"value": "Ann.Lee@Example.com", "type": "work"}]}
                """),
            User(tenant, "bo", """
                {"name": {"familyName": "Jürgen"}, "emails": [{"value": "bo@example.org", "type": "work"}, {"value": "bo@home.example", "type": "home"}]}
                """),
            User(tenant, "cy_x", """{"displayName": "Cy 🎉", "emails": [{"value": "cy@example.net"}]}"""),
            User(tenant, "pct%"),
        ];
        if (batched)
        {
            (await Store.CreateManyAsync([.. users.Select(user => (user, (AuditEntry?)null))])).Should().OnlyContain(outcome => outcome == StoreOutcome.Ok);
            return;
        }

        foreach (var user in users)
        {
            await Store.CreateAsync(user);
        }
    }

    private async Task<IReadOnlyList<string>> UserNamesAsync(string tenant, string filter)
    {
        var page = await Store.QueryAsync(Query(tenant, "User", filter));
        page.TotalResults.Should().Be(page.Resources.Count);
        return [.. page.Resources.Select(r => (string)r.Document["userName"]!)];
    }

    private async Task<IReadOnlyList<string>> GroupIdsAsync(string tenant, string filter)
    {
        var page = await Store.QueryAsync(Query(tenant, "Group", filter));
        return [.. page.Resources.Select(r => r.Id)];
    }

    private static ResourceQuery Query(string tenant, string resourceType, string filter) => new()
    {
        Tenant = tenant,
        ResourceType = resourceType,
        Filter = resourceType == "User" ? ParsedFilter.User(filter) : ParsedFilter.Group(filter),
        Limit = 100,
    };
}
