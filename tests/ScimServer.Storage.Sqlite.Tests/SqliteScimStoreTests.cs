using Newtonsoft.Json.Linq;
using Microsoft.Data.Sqlite;
using ScimServer.Core.Filtering;
using ScimServer.Core.Storage;
using ScimServer.Storage.Contract;
using static ScimServer.Storage.Contract.TestResources;

namespace ScimServer.Storage.Sqlite.Tests;

/// <summary>What only the SQLite store promises: the file, its journal, its schema and its indexes.</summary>
public sealed class SqliteScimStoreTests : IDisposable
{
    private readonly TemporaryDatabase database = new();

    public void Dispose() => database.Dispose();

    [Fact]
    public void The_default_path_is_data_scim_db()
    {
        new SqliteStoreOptions().Path.Should().Be("data/scim.db");
    }

    [Fact]
    public async Task Initialize_creates_the_file_in_a_missing_directory()
    {
        Directory.Exists(Path.GetDirectoryName(database.Path)).Should().BeFalse();
        using var store = database.CreateStore();

        await store.InitializeAsync();

        File.Exists(database.Path).Should().BeTrue();
        store.DatabasePath.Should().Be(Path.GetFullPath(database.Path));
    }

    [Fact]
    public async Task Initialize_turns_on_the_wal_journal_and_records_the_schema_version()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        (await ScalarAsync(store, "PRAGMA journal_mode")).Should().Be("wal");
        (await ScalarAsync(store, "PRAGMA user_version")).Should().Be((long)SqliteMigrations.Steps.Count);
    }

    [Fact]
    public async Task Every_connection_waits_five_seconds_for_another_writer_before_reporting_the_file_busy()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        (await ScalarAsync(store, "PRAGMA busy_timeout")).Should().Be(5_000L);
        (await ScalarAsync(store, "PRAGMA busy_timeout")).Should().Be(5_000L, "a pooled connection keeps it");
    }

    [Fact]
    public async Task Initialize_is_idempotent_and_keeps_the_data()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var user = User(NewTenant(), "alice");
        await store.CreateAsync(user);

        await store.InitializeAsync();
        await store.InitializeAsync();

        (await store.GetAsync(user.Tenant, "User", user.Id)).Should().NotBeNull();
        (await ScalarAsync(store, "PRAGMA user_version")).Should().Be((long)SqliteMigrations.Steps.Count);
    }

    [Fact]
    public async Task A_file_of_schema_version_1_catches_up_and_keeps_its_tenants_and_tokens()
    {
        var tenant = NewTenant();
        using var store = database.CreateStore();
        Directory.CreateDirectory(Path.GetDirectoryName(database.Path)!);
        await ScalarAsync(
            store,
            SqliteMigrations.Steps[0] + $"""
            ;
            INSERT INTO tenants (id, name, created) VALUES ('{tenant}', 'Acme', '2024-01-01T08:00:00.0000000Z');
            INSERT INTO tokens (id, tenant, name, sha256, created) VALUES ('tok-1', '{tenant}', 'old', 'abc', '2024-01-01T08:00:00.0000000Z');
            PRAGMA user_version = 1;
            """);

        await store.InitializeAsync();

        (await ScalarAsync(store, "PRAGMA user_version")).Should().Be((long)SqliteMigrations.Steps.Count);
        (await store.FindTokenAsync("abc"))!.Kind.Should().Be(TokenKind.Bearer);
        var stored = (await store.GetTenantAsync(tenant))!;
        stored.Roles.Should().Equal(TenantRecord.SystemRoles);
        stored.DefaultRoles.Should().Equal(TenantRecord.DefaultRole);
        stored.Organizations.Should().BeEmpty();
        (await store.QueryAsync(new AuditQuery { Tenant = tenant, Limit = 10 })).Should().BeEmpty();
    }

    [Fact]
    public async Task A_file_of_schema_version_6_indexes_the_backwards_values_it_holds_and_drops_their_b_tree()
    {
        var tenant = NewTenant();
        using (var old = database.CreateStore())
        {
            await old.InitializeAsync();
            await old.CreateAsync(User(tenant, "ann@example.com"));
            await old.CreateAsync(User(tenant, "bob@example.org"));

            // What step 6 left: the b-tree of the backwards values, and no FTS5 index of them.
            await ScalarAsync(old, """
                DROP TABLE users_keys_eulav;
                DROP TABLE groups_keys_eulav;
                CREATE INDEX ix_users_keys_eulav ON users_keys (tenant, path, eulav, id);
                CREATE INDEX ix_groups_keys_eulav ON groups_keys (tenant, path, eulav, id);
                PRAGMA user_version = 6;
                """);
        }

        using var store = database.CreateStore();
        await store.InitializeAsync();
        await store.CreateAsync(User(tenant, "cy@example.com"));

        var found = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User("userName ew \"@EXAMPLE.com\""), Limit = 10 });
        found.Resources.Select(user => user.UniqueKey).Should().BeEquivalentTo(["ann@example.com", "cy@example.com"]);
        (await ScalarAsync(store, "SELECT count(*) FROM sqlite_schema WHERE name IN ('ix_users_keys_eulav', 'ix_groups_keys_eulav')")).Should().Be(0L);
        (await ScalarAsync(store, "PRAGMA user_version")).Should().Be((long)SqliteMigrations.Steps.Count);
    }

    [Fact]
    public async Task A_token_kind_the_server_does_not_know_is_refused_by_the_table()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        var act = () => ScalarAsync(
            store,
            "INSERT INTO tokens (id, tenant, name, sha256, created, kind) VALUES ('t', NULL, 'n', 'h', '2024-01-01T08:00:00.0000000Z', 'Cookie')");

        await act.Should().ThrowAsync<Microsoft.Data.Sqlite.SqliteException>();
    }

    [Fact]
    public async Task Finding_a_user_in_all_tenants_walks_the_tenants_and_seeks_the_unique_index()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        foreach (var tenant in new[] { "c", "a", "b" })
        {
            await store.CreateAsync(User(tenant, "svc@example.com"));
            await store.CreateAsync(User(tenant, "other@example.com"));
        }

        var plan = await QueryPlanAsync(store, SqliteScimStore.FindUsersInAllTenantsSql, [new("@unique_key", "svc@example.com")]);

        (await store.FindUsersInAllTenantsAsync("svc@example.com")).Select(u => u.Tenant).Should().Equal("a", "b", "c");
        plan.Should().Contain("SEARCH users USING INDEX ux_users_unique_key (tenant=? AND unique_key=?)")
            .And.NotContain("SCAN users");
    }

    [Fact]
    public async Task An_audit_query_for_one_resource_is_served_by_its_index()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        var plan = await QueryPlanAsync(
            store,
            "SELECT sequence FROM audit WHERE tenant = @tenant AND sequence > @after AND resource_id = @resource_id ORDER BY sequence LIMIT 10",
            [new("@tenant", "acme"), new("@after", 0L), new("@resource_id", "u-1")]);

        plan.Should().Contain("SEARCH audit USING COVERING INDEX ix_audit_resource (tenant=? AND resource_id=? AND sequence>?)").And.NotContain("TEMP B-TREE");
    }

    [Fact]
    public async Task A_file_from_a_newer_server_is_refused()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        await ScalarAsync(store, "PRAGMA user_version = 99");

        var act = () => store.InitializeAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*schema version 99*");
    }

    [Fact]
    public async Task Data_survives_reopening_the_file()
    {
        var user = User(NewTenant(), "alice", """{ "title": "Engineer" }""");
        using (var first = database.CreateStore())
        {
            await first.InitializeAsync();
            await first.CreateAsync(user);
            await first.CreateTenantAsync(new TenantRecord { Id = user.Tenant, Name = "Acme", Created = Created });
        }

        using var second = database.CreateStore();
        await second.InitializeAsync();

        (await second.GetAsync(user.Tenant, "User", user.Id))!.Document["title"]!.ToString().Should().Be("Engineer");
        (await second.GetTenantAsync(user.Tenant))!.Name.Should().Be("Acme");
    }

    [Fact]
    public async Task A_file_of_schema_version_2_gets_the_search_keys_of_the_users_it_holds()
    {
        using var store = database.CreateStore();
        Directory.CreateDirectory(Path.GetDirectoryName(database.Path)!);
        await ScalarAsync(
            store,
            SqliteMigrations.Steps[0] + ";" + SqliteMigrations.Steps[1] + """
            ;
            INSERT INTO users (tenant, id, version, created, last_modified, unique_key, doc)
            VALUES ('acme', 'u-1', 1, '2024-01-01T08:00:00Z', '2024-01-01T08:00:00Z', 'old',
                    '{"userName":"old","emails":[{"value":"Old.Timer@Example.com"}],"name":{"familyName":"Timer"}}');
            PRAGMA user_version = 2;
            """);

        await store.InitializeAsync();

        var filter = ParsedFilter.User("emails.value eq \"old.timer@example.com\" and name.familyName co \"IME\"");
        var page = await store.QueryAsync(new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = filter, Limit = 10 });
        page.Resources.Select(r => r.Id).Should().Equal("u-1");
    }

    [Fact]
    public async Task A_remembered_total_is_recounted_after_every_kind_of_write_in_its_tenant()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        async Task<long?> TotalAsync(string type, string? filter = null) => (await store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant,
            ResourceType = type,
            Filter = filter is null ? null : type == "User" ? ParsedFilter.User(filter) : ParsedFilter.Group(filter),
            Limit = 0,
        })).TotalResults;

        var ann = User(tenant, "ann", """{"active": true}""");
        (await TotalAsync("User")).Should().Be(0);
        await store.CreateAsync(ann);
        (await TotalAsync("User")).Should().Be(1);
        (await TotalAsync("User", "active eq true")).Should().Be(1);

        await store.ReplaceAsync(Changed(ann, d => d["active"] = false), ann.Version);
        (await TotalAsync("User", "active eq true")).Should().Be(0);

        await store.CreateManyAsync([(User(tenant, "bo"), null), (User(tenant, "cy"), null)]);
        (await TotalAsync("User")).Should().Be(3);

        var group = Group(tenant, "Team");
        await store.CreateAsync(group);
        (await TotalAsync("User", $"groups.value eq \"{group.Id}\"")).Should().Be(0);
        await store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant,
            GroupId = group.Id,
            Members = new MembershipChange { Add = [new MemberEdge(ann.Id)] },
            LastModified = Created,
        });
        (await TotalAsync("User", $"groups.value eq \"{group.Id}\"")).Should().Be(1);

        await store.DeleteAsync(tenant, "User", ann.Id, expectedVersion: null);
        (await TotalAsync("User")).Should().Be(2);
        (await TotalAsync("User", $"groups.value eq \"{group.Id}\"")).Should().Be(0);

        await store.CreateTenantAsync(new TenantRecord { Id = tenant, Name = "T", Created = Created });
        await store.DeleteTenantAsync(tenant);
        (await TotalAsync("User")).Should().Be(0);
        (await TotalAsync("Group")).Should().Be(0);
    }

    [Fact]
    public async Task The_trigram_index_holds_exactly_the_keys_after_every_kind_of_write()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var ann = User(tenant, "ann", """{"emails": [{"value": "ann@example.com"}]}""");
        await store.CreateAsync(ann);
        await store.CreateManyAsync([(User(tenant, "bo", """{"name": {"familyName": "Berg"}}"""), null), (User(NewTenant(), "cy"), null)]);
        await store.ReplaceAsync(Changed(ann, d => d["emails"] = JArray.Parse("""[{"value": "ann@new.example"}]""")), ann.Version);
        var group = Group(tenant, "Sales");
        await store.CreateAsync(group);
        await store.UpdateGroupAsync(new GroupUpdate
        {
            Tenant = tenant, GroupId = group.Id, Replacement = Changed(group, d => d["displayName"] = "Sales EMEA"), LastModified = Created,
        });
        var gone = User(tenant, "gone", """{"displayName": "Gone Soon"}""");
        await store.CreateAsync(gone);
        await store.DeleteAsync(tenant, "User", gone.Id, expectedVersion: null);
        await store.CreateTenantAsync(new TenantRecord { Id = tenant, Name = "T", Created = Created });
        var other = User(NewTenant(), "dee", """{"emails": [{"value": "dee@example.com"}]}""");
        await store.CreateAsync(other);
        await store.DeleteTenantAsync(tenant);

        // FTS5's integrity check with rank 1 compares the index with its external content, row by row.
        await ScalarAsync(store, "INSERT INTO users_keys_fts (users_keys_fts, rank) VALUES ('integrity-check', 1)");
        await ScalarAsync(store, "INSERT INTO groups_keys_fts (groups_keys_fts, rank) VALUES ('integrity-check', 1)");
        (await ScalarAsync(store, "SELECT COUNT(*) FROM users_keys_fts WHERE value LIKE '%@example.com%'")).Should().Be(1L);

        // The same for the backwards index (schema step 7), which the same writes feed.
        await ScalarAsync(store, "INSERT INTO users_keys_eulav (users_keys_eulav, rank) VALUES ('integrity-check', 1)");
        await ScalarAsync(store, "INSERT INTO groups_keys_eulav (groups_keys_eulav, rank) VALUES ('integrity-check', 1)");
        (await ScalarAsync(store, "SELECT COUNT(*) FROM users_keys_eulav WHERE users_keys_eulav MATCH '\"moc.elpmaxe@\" *'")).Should().Be(1L);
    }

    [Fact]
    public async Task A_first_page_holding_every_match_is_its_own_total_and_only_a_fuller_one_is_counted()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        await store.CreateManyAsync([(User(tenant, "ann"), null), (User(tenant, "bo"), null), (User(tenant, "cy"), null)]);
        Task<QueryPage> QueryAsync(string? filter, int limit, int offset = 0) => store.QueryAsync(new ResourceQuery
        {
            Tenant = tenant, ResourceType = "User", Filter = filter is null ? null : ParsedFilter.User(filter), Limit = limit, Offset = offset,
        });

        var one = await QueryAsync("userName eq \"bo\"", limit: 100);
        var all = await QueryAsync(null, limit: 3);
        store.CountsRun.Should().Be(0, "each first page held every match");
        one.TotalResults.Should().Be(1);
        all.TotalResults.Should().Be(3);

        var part = await QueryAsync("userName pr", limit: 2);
        part.TotalResults.Should().Be(3);
        store.CountsRun.Should().Be(1, "a full first page may not hold every match");

        var later = await QueryAsync("userName sw \"c\"", limit: 2, offset: 1);
        later.Resources.Should().BeEmpty();
        later.TotalResults.Should().Be(1);
        store.CountsRun.Should().Be(2, "a later page cannot see the matches before it");
    }

    [Fact]
    public async Task List_queries_of_more_shapes_than_a_connection_keeps_prepared_still_answer_rightly()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var ann = User(tenant, "ann");
        await store.CreateManyAsync([(ann, null), (User(tenant, "bo"), null)]);

        // Each number of "or" terms, with or without a "not", is a statement of its own: 80 shapes, past the 64 a
        // connection keeps, with a shape used before asked again between them and a kept read by id.
        foreach (var (terms, negated) in Enumerable.Range(1, 40).SelectMany(t => new[] { (t, false), (t, true) }))
        {
            var filter = string.Join(" or ", Enumerable.Range(0, terms).Select(i => i == terms - 1 ? "userName eq \"ann\"" : $"userName eq \"x{i}\""));
            filter = negated ? $"({filter}) and not (userName eq \"zz\")" : filter;
            var page = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User(filter), Limit = 10 });
            page.Resources.Select(r => r.Id).Should().Equal([ann.Id], $"{terms} terms");

            var again = await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Filter = ParsedFilter.User("userName eq \"bo\""), Limit = 10 });
            again.TotalResults.Should().Be(1);
            (await store.GetAsync(tenant, "User", ann.Id)).Should().NotBeNull();
        }
    }

    [Theory]
    [InlineData("userName eq \"{0}\"")]
    [InlineData("externalId eq \"{0}\"")]
    [InlineData("id eq \"{0}\"")]
    [InlineData(null)]
    public async Task A_pages_statement_is_prepared_once_and_run_again_with_other_values(string? filter)
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        await store.CreateManyAsync(new[] { "ann", "bo", "cy" }.Select(name => (User(tenant, name, id: name, externalId: name), (AuditEntry?)null)).ToList());
        var pages = new[] { ("ann", 0), ("bo", 0), ("cy", 1) }.Select(page => QueryStatements.Build(new ResourceQuery
        {
            Tenant = tenant, ResourceType = "User", Limit = 10, Offset = page.Item2,
            Filter = filter is null ? null : ParsedFilter.User(string.Format(System.Globalization.CultureInfo.InvariantCulture, filter, page.Item1)),
        })).ToList();
        pages.Select(page => page.Page).Distinct().Should().ContainSingle("the store keeps one prepared statement per shape");

        SQLitePCL.raw.sqlite3_open_v2(database.Path, out var connection, SQLitePCL.raw.SQLITE_OPEN_READONLY, null).Should().Be(SQLitePCL.raw.SQLITE_OK);
        using (connection)
        {
            SQLitePCL.raw.sqlite3_prepare_v2(connection, pages[0].Page, out var statement).Should().Be(SQLitePCL.raw.SQLITE_OK);
            using (statement)
            {
                var rows = pages.Select(page => RunAgain(statement, page.Parameters)).ToList();

                rows.Should().Equal(filter is null ? [3, 3, 2] : [1, 1, 0]);
                // SQLite plans with the value of a bound LIMIT, so binding one again re-prepared the page on every request.
                const int Repreparations = 5;
                SQLitePCL.raw.sqlite3_stmt_status(statement, Repreparations, 0).Should().Be(0);
            }
        }
    }

    private static int RunAgain(SQLitePCL.sqlite3_stmt statement, IReadOnlyList<SqlParameterValue> parameters)
    {
        SQLitePCL.raw.sqlite3_reset(statement);
        foreach (var parameter in parameters)
        {
            var index = SQLitePCL.raw.sqlite3_bind_parameter_index(statement, parameter.Name);
            _ = parameter.Value switch
            {
                string text => SQLitePCL.raw.sqlite3_bind_text(statement, index, text),
                long number => SQLitePCL.raw.sqlite3_bind_int64(statement, index, number),
                var other => throw new InvalidOperationException($"No binding for {other}."),
            };
        }

        var rows = 0;
        while (SQLitePCL.raw.sqlite3_step(statement) == SQLitePCL.raw.SQLITE_ROW)
        {
            rows++;
        }

        return rows;
    }

    [Fact]
    public void Every_page_of_one_listing_asks_the_same_count_so_it_is_counted_once()
    {
        var first = new ResourceQuery { Tenant = "acme", ResourceType = "User", Filter = ParsedFilter.User("active eq true"), Limit = 100 };

        var pages = new[]
        {
            QueryStatements.Build(first),
            QueryStatements.Build(first with { Offset = 500 }),
            QueryStatements.Build(first with { After = new KeysetPosition(null, "u-9") }),
        };

        pages.Select(p => p.Count).Distinct().Should().ContainSingle();
        pages.Select(p => string.Join(",", p.CountParameters)).Distinct().Should().ContainSingle();
        pages.Select(p => p.Page).Distinct().Should().HaveCount(2, "the cursor page adds its position");
    }

    [Fact]
    public async Task The_trigram_index_holds_exactly_the_keys_after_concurrent_writes_share_their_transactions()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();

        // Each chain creates, replaces and deletes or keeps one user, concurrently with the others, so that one shared
        // transaction holds writes that add, replace and remove keys of the same and of other users.
        var kept = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var user = User(tenant, $"chain{i}", $$"""{"emails": [{"value": "chain{{i}}@old.example"}]}""");
            await store.CreateAsync(user);
            var replaced = Changed(user, d => d["emails"] = JArray.Parse($$"""[{"value": "chain{{i}}@new.example"}]"""));
            await store.ReplaceAsync(replaced, user.Version);
            if (i % 3 == 0)
            {
                await store.DeleteAsync(tenant, "User", user.Id, expectedVersion: null);
                return 0;
            }

            return 1;
        })));

        await ScalarAsync(store, "INSERT INTO users_keys_fts (users_keys_fts, rank) VALUES ('integrity-check', 1)");
        await ScalarAsync(store, "INSERT INTO users_keys_eulav (users_keys_eulav, rank) VALUES ('integrity-check', 1)");
        (await ScalarAsync(store, "SELECT COUNT(*) FROM users_keys_eulav WHERE users_keys_eulav MATCH '\"elpmaxe.wen@\" *'")).Should().Be((long)kept.Sum());
        (await ScalarAsync(store, "SELECT COUNT(*) FROM users_keys_fts WHERE value LIKE '%@new.example%'")).Should().Be((long)kept.Sum());
        (await ScalarAsync(store, "SELECT COUNT(*) FROM users_keys_fts WHERE value LIKE '%@old.example%'")).Should().Be(0L);
    }

    [Fact]
    public async Task A_new_store_has_no_server_admin_token()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        (await store.AnyServerAdminTokenAsync()).Should().BeFalse();
    }

    [Fact]
    public async Task User_name_eq_is_served_by_the_unique_index()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var sql = new SqliteFilterTranslator("User");
        var where = "tenant = " + sql.AddParameter("acme") + " AND " + sql.Translate(Bound.Eq(TestSchema.User("userName"), "alice"));

        var plan = await QueryPlanAsync(store, $"SELECT id FROM users WHERE {where} ORDER BY id", sql.Parameters);

        plan.Should().Contain("USING INDEX ux_users_unique_key (tenant=? AND unique_key=?)");
    }

    [Fact]
    public async Task External_id_eq_is_served_by_its_index()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var sql = new SqliteFilterTranslator("User", "acme");
        var where = "tenant = " + sql.TenantParameter + " AND " + sql.Translate(Bound.Eq(TestSchema.User("externalId"), "e-1"));

        var plan = await QueryPlanAsync(store, $"SELECT id FROM users WHERE {where} ORDER BY id", sql.Parameters);

        plan.Should().Contain("USING INDEX ix_users_external_id (tenant=? AND external_id=?)")
            .And.Contain("sqlite_autoindex_users_1 (tenant=? AND id=?)");
    }

    [Fact]
    public async Task Concurrent_writers_on_one_store_all_succeed()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => store.CreateAsync(User(tenant, $"user{i}")))));

        outcomes.Should().AllBeEquivalentTo(StoreOutcome.Ok);
        (await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 0 })).TotalResults.Should().Be(40);
    }

    [Fact]
    public async Task Concurrent_writes_that_share_a_commit_fail_or_decline_alone()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();

        // Writes audited by "saboteur" fail inside the store, as a full disk or a bug would, after their insert ran.
        await ScalarAsync(store, """
            CREATE TRIGGER sabotage BEFORE INSERT ON audit WHEN new.actor = 'saboteur'
            BEGIN SELECT RAISE(ABORT, 'sabotaged'); END
            """);
        AuditEntry Audit(string actor, StoredResource user) => new()
        {
            Tenant = tenant, At = Created, Actor = actor, Operation = "create", ResourceType = "User", ResourceId = user.Id,
        };

        var writes = Enumerable.Range(0, 60).Select(i =>
        {
            // Every third is a taken userName (declined), every fifth fails; the rest must all land.
            var user = User(tenant, i % 3 == 2 ? "taken" : $"user{i}");
            return (User: user, Task: Task.Run(() => store.CreateAsync(user, audit: Audit(i % 5 == 4 ? "saboteur" : "writer", user))));
        }).ToList();
        try
        {
            await Task.WhenAll(writes.Select(w => w.Task));
        }
        catch (SqliteException)
        {
            // Asserted per write below.
        }

        var landed = new List<string>();
        var takenLanded = 0;
        foreach (var (user, task) in writes)
        {
            var stored = await store.GetAsync(tenant, "User", user.Id);
            if (task.IsFaulted)
            {
                task.Exception!.InnerException.Should().BeOfType<SqliteException>().Which.Message.Should().Contain("sabotaged");
                stored.Should().BeNull("a failed write is rolled back");
                continue;
            }

            var outcome = await task;
            if (outcome == StoreOutcome.Ok)
            {
                takenLanded += (string)user.Document["userName"]! == "taken" ? 1 : 0;
                stored.Should().NotBeNull();
                landed.Add((string)stored!.Document["userName"]!);
            }
            else
            {
                outcome.Should().Be(StoreOutcome.Conflict);
                stored.Should().BeNull();
            }
        }

        var expected = Enumerable.Range(0, 60).Where(i => i % 3 != 2 && i % 5 != 4).Select(i => $"user{i}").ToList();
        landed.Where(name => name != "taken").Should().BeEquivalentTo(expected);
        takenLanded.Should().Be(1, "of the writes of one taken userName, exactly one lands");
        var total = (await store.QueryAsync(new ResourceQuery { Tenant = tenant, ResourceType = "User", Limit = 0 })).TotalResults;
        total.Should().Be(landed.Count);
    }

    [Fact]
    public async Task A_tenants_group_graph_is_read_once_and_again_only_after_a_write_of_a_group()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        var bob = User(tenant, "bob");
        await store.CreateManyAsync([(alice, null), (bob, null)]);
        var team = Group(tenant, "Team");
        await store.CreateAsync(team, [new MemberEdge(alice.Id, "User")]);
        var department = Group(tenant, "Department");
        await store.CreateAsync(department, [new MemberEdge(team.Id, "Group")]);

        (await store.ListGroupsOfAsync(tenant, [alice.Id])).Should().BeEquivalentTo(
            [new GroupMembership(alice.Id, department.Id, "Department", Direct: false), new GroupMembership(alice.Id, team.Id, "Team", Direct: true)]);
        (await store.ListGroupsOfAsync(tenant, [alice.Id, bob.Id])).Should().HaveCount(2);
        store.GroupReads.Should().Be((1L, 0L), "the second read walks the kept graph");

        // Users joining and leaving, what an IdP's sync does all day, keep the graph.
        await store.UpdateGroupAsync(Adding(tenant, team.Id, new MemberEdge(bob.Id)));
        await store.UpdateGroupAsync(Removing(tenant, team.Id, alice.Id));
        (await store.ListGroupsOfAsync(tenant, [alice.Id, bob.Id])).Select(g => (g.MemberId, g.GroupId)).Should().BeEquivalentTo(
            [(bob.Id, department.Id), (bob.Id, team.Id)]);
        store.GroupReads.Should().Be((1L, 0L));

        // A group leaving another changes the graph: it is read again.
        await store.UpdateGroupAsync(Removing(tenant, department.Id, team.Id));
        (await store.ListGroupsOfAsync(tenant, [bob.Id])).Should().Equal(new GroupMembership(bob.Id, team.Id, "Team", Direct: true));
        store.GroupReads.Should().Be((2L, 0L));
    }

    private static GroupUpdate Adding(string tenant, string groupId, MemberEdge member) => new()
    {
        Tenant = tenant, GroupId = groupId, LastModified = DateTimeOffset.UtcNow, Members = new MembershipChange { Add = [member] },
    };

    private static GroupUpdate Removing(string tenant, string groupId, string memberId) => new()
    {
        Tenant = tenant, GroupId = groupId, LastModified = DateTimeOffset.UtcNow, Members = new MembershipChange { Remove = [memberId] },
    };

    [Fact]
    public async Task A_tenant_with_more_groups_than_the_graph_keeps_is_walked_in_sql_with_the_same_answer()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var alice = User(tenant, "alice");
        await store.CreateAsync(alice);
        var groups = Enumerable.Range(0, GroupGraphCache.MaxGroupsPerTenant + 1).Select(i => Group(tenant, $"g{i:D5}")).ToList();
        await store.CreateManyAsync([.. groups.Select(g => (g, (AuditEntry?)null))]);
        await store.UpdateGroupAsync(Adding(tenant, groups[7].Id, new MemberEdge(alice.Id)));
        await store.UpdateGroupAsync(Adding(tenant, groups[9].Id, new MemberEdge(groups[7].Id)));

        (await store.ListGroupsOfAsync(tenant, [alice.Id])).Should().Equal(
            new[]
            {
                new GroupMembership(alice.Id, groups[7].Id, "g00007", Direct: true),
                new GroupMembership(alice.Id, groups[9].Id, "g00009", Direct: false),
            }.OrderBy(g => g.GroupId, StringComparer.Ordinal));
        store.GroupReads.Should().Be((1L, 1L), "the graph was read, found too large, and the walk ran in SQL");
    }

    [Fact]
    public async Task Concurrent_reads_on_the_kept_statements_each_get_their_own_answer()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var users = Enumerable.Range(0, 20).Select(i => User(tenant, $"reader{i}")).ToList();
        await store.CreateManyAsync([.. users.Select(u => (u, (AuditEntry?)null))]);
        var group = Group(tenant, "Readers");
        await store.CreateAsync(group, [.. users.Select(u => new MemberEdge(u.Id, "User"))]);

        var reads = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(async () =>
        {
            var user = users[i % users.Count];
            var stored = await store.GetAsync(tenant, "User", user.Id);
            var groups = await store.ListGroupsOfAsync(tenant, [user.Id]);
            return (Expected: user.Id, Got: stored?.Id, Groups: string.Join(",", groups.Select(g => $"{g.MemberId}>{g.GroupId}")));
        })));

        reads.Should().OnlyContain(r => r.Got == r.Expected && r.Groups == r.Expected + ">" + group.Id);
    }

    [Fact]
    public async Task Deleting_a_user_or_a_group_deletes_its_membership_edges()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var user = User(tenant, "alice");
        var group = Group(tenant, "Sales");
        var parent = Group(tenant, "Everyone");
        await store.CreateAsync(user);
        await store.CreateAsync(group);
        await store.CreateAsync(parent);
        await ScalarAsync(
            store,
            $"""
            INSERT INTO members (tenant, group_id, member_id, member_type) VALUES
              ('{tenant}', '{group.Id}', '{user.Id}', 'User'),
              ('{tenant}', '{parent.Id}', '{user.Id}', 'User'),
              ('{tenant}', '{parent.Id}', '{group.Id}', 'Group')
            """);

        await store.DeleteAsync(tenant, "User", user.Id, expectedVersion: null);
        (await ScalarAsync(store, $"SELECT COUNT(*) FROM members WHERE tenant = '{tenant}'")).Should().Be(1L);

        await store.DeleteAsync(tenant, "Group", group.Id, expectedVersion: null);
        (await ScalarAsync(store, $"SELECT COUNT(*) FROM members WHERE tenant = '{tenant}'")).Should().Be(0L);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice@example.com")]
    [InlineData("x\U0001F600y")]
    [InlineData("\U0001F600\U0001F601")]
    [InlineData("a\uD800b")]
    [InlineData("\uDE00\uD83D")]
    [InlineData("\uDE00")]
    public void A_key_backwards_is_read_by_code_point_and_a_lone_surrogate_is_the_replacement_character(string value)
    {
        var runes = value.EnumerateRunes().Reverse().Select(rune => rune.ToString());

        SqliteScimStore.Backwards(value).Should().Be(string.Concat(runes));
    }

    [Fact]
    public async Task Writes_are_copied_from_the_wal_into_the_file_while_they_go_on()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        var initial = new FileInfo(database.Path).Length;

        // The writer checkpoints none of its own commits; the store copies the WAL beside it.
        for (var batch = 0; batch < 20; batch++)
        {
            await store.CreateManyAsync([.. Enumerable.Range(0, 100).Select(i => (User(tenant, $"user{batch}-{i}"), (AuditEntry?)null))]);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(database.Path).Length <= initial && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        new FileInfo(database.Path).Length.Should().BeGreaterThan(initial, "the WAL's pages reached the file with the store still open");
    }

    [Fact]
    public async Task An_unknown_resource_type_is_a_bug()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        var act = () => store.GetAsync(NewTenant(), "Device", "1");

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task A_replace_must_advance_the_version_by_one()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var user = User(NewTenant(), "alice");
        await store.CreateAsync(user);

        var act = () => store.ReplaceAsync(user, expectedVersion: 1);

        await act.Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task A_sort_key_that_is_a_number_round_trips_through_the_cursor()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var tenant = NewTenant();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(User(tenant, $"user{i}", $$"""{ "active": {{(i % 2 == 0 ? "true" : "false")}} }"""));
        }

        var query = new ResourceQuery { Tenant = tenant, ResourceType = "User", Sort = new SortSpec(TestSchema.User("active"), false), Limit = 2 };
        var first = await store.QueryAsync(query);
        var second = await store.QueryAsync(query with { After = first.Next });
        var third = await store.QueryAsync(query with { After = second.Next });

        first.Next!.SortValue.Should().Be(0L);
        first.Resources.Concat(second.Resources).Concat(third.Resources).Select(r => r.Id).Should().OnlyHaveUniqueItems().And.HaveCount(5);
        third.Next.Should().BeNull();
    }

    [Fact]
    public async Task Removing_one_member_is_a_primary_key_lookup()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        var plan = await QueryPlanAsync(store, SqliteScimStore.RemoveEdgeSql, EdgeParameters);

        plan.Should().Be("SEARCH members USING PRIMARY KEY (tenant=? AND group_id=? AND member_id=?)");
    }

    [Fact]
    public async Task Adding_one_member_reads_no_other_edge()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();

        // An INSERT ... VALUES has no query plan to show; its bytecode shows whether it loops over a table.
        var plan = await QueryPlanAsync(store, SqliteScimStore.AddEdgeSql, EdgeParameters);
        var opcodes = await OpcodesAsync(store, SqliteScimStore.AddEdgeSql, EdgeParameters);

        plan.Should().NotContain("SCAN");
        opcodes.Should().Contain("IdxInsert").And.NotContain(["Rewind", "Next", "Last", "Prev"]);
    }

    [Fact]
    public async Task Members_value_eq_is_served_by_the_member_index()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var sql = new SqliteFilterTranslator("Group", "acme");
        var where = "tenant = " + sql.TenantParameter + " AND " + sql.Translate(Bound.Eq(TestSchema.Group("members.value"), "u-1"));

        var plan = await QueryPlanAsync(store, $"SELECT id FROM groups WHERE {where} ORDER BY id", sql.Parameters);

        plan.Should().Contain("SEARCH groups USING COVERING INDEX sqlite_autoindex_groups_1 (tenant=? AND id=?)")
            .And.Contain("SEARCH e1 USING COVERING INDEX ix_members_member (tenant=? AND member_id=?)")
            .And.NotContain("SCAN");
    }

    [Fact]
    public async Task Groups_value_eq_walks_the_nested_groups_by_primary_key()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var sql = new SqliteFilterTranslator("User", "acme");
        var where = "tenant = " + sql.TenantParameter + " AND " + sql.Translate(Bound.Eq(TestSchema.User("groups.value"), "g-1"));

        var plan = await QueryPlanAsync(store, $"SELECT id FROM users WHERE {where} ORDER BY id", sql.Parameters);

        // "SCAN e1" reads the recursive CTE's own queue, not a table.
        plan.Should().Contain("SEARCH users USING COVERING INDEX sqlite_autoindex_users_1 (tenant=? AND id=?)")
            .And.Contain("SEARCH members USING PRIMARY KEY (tenant=? AND group_id=?)")
            .And.Contain("SEARCH e2 USING PRIMARY KEY (tenant=? AND group_id=?)")
            .And.NotContain("SCAN members").And.NotContain("SCAN e2").And.NotContain("SCAN users");
    }

    private static IReadOnlyList<SqlParameterValue> EdgeParameters { get; } =
    [
        new("@tenant", "acme"),
        new("@group_id", "g-1"),
        new("@member_id", "u-1"),
        new("@member_type", "User"),
    ];

    private static async Task<IReadOnlyList<string>> OpcodesAsync(SqliteScimStore store, string sql, IReadOnlyList<SqlParameterValue> parameters)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN " + sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter.Name, parameter.Value ?? DBNull.Value);
        }

        var opcodes = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            opcodes.Add(reader.GetString(1));
        }

        return opcodes;
    }

    [Fact]
    public async Task Deleting_a_tenant_deletes_its_event_streams_and_their_acknowledgements_and_no_other_tenants()
    {
        using var store = database.CreateStore();
        await store.InitializeAsync();
        var (doomed, kept) = (NewTenant(), NewTenant());
        foreach (var tenant in new[] { doomed, kept })
        {
            await store.CreateTenantAsync(new TenantRecord { Id = tenant, Name = tenant, Created = Created });
            await store.CreateStreamAsync(new EventStream { Id = $"s-{tenant}", Tenant = tenant, Delivery = ScimServer.Core.Events.EventDelivery.Poll, Created = Created });
            await store.AddAcknowledgementsAsync($"s-{tenant}", [5, 7]);
        }

        (await store.DeleteTenantAsync(doomed)).Should().Be(StoreOutcome.Ok);

        (await store.ListStreamsAsync(doomed)).Should().BeEmpty();
        (await store.GetAcknowledgementsAsync($"s-{doomed}")).Should().BeEmpty();
        (await ScalarAsync(store, $"SELECT COUNT(*) FROM event_acks WHERE stream_id = 's-{doomed}'")).Should().Be(0L);
        (await store.ListStreamsAsync(kept)).Should().ContainSingle();
        (await store.GetAcknowledgementsAsync($"s-{kept}")).Should().BeEquivalentTo([5L, 7L]);
    }

    private static async Task<object?> ScalarAsync(SqliteScimStore store, string sql)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private static async Task<string> QueryPlanAsync(SqliteScimStore store, string sql, IReadOnlyList<SqlParameterValue> parameters)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter.Name, parameter.Value ?? DBNull.Value);
        }

        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join('\n', plan);
    }
}
