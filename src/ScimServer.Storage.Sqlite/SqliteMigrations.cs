using ScimServer.Core.Schema;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// The database schema as numbered steps. <c>PRAGMA user_version</c> records how many have run, so a later version
/// appends a step and an old file catches up at start-up. Never edit a released step.
/// </summary>
internal static class SqliteMigrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        // 1: users, groups, membership edges, tenants, tokens.
        $$"""
        {{ResourceTable("users")}}
        {{ResourceTable("groups")}}

        -- One row per membership edge: adding or removing a member costs the same for any group size.
        CREATE TABLE IF NOT EXISTS members (
            tenant      TEXT NOT NULL,
            group_id    TEXT NOT NULL,
            member_id   TEXT NOT NULL,
            member_type TEXT NOT NULL,
            PRIMARY KEY (tenant, group_id, member_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_members_member ON members (tenant, member_id);

        CREATE TABLE IF NOT EXISTS tenants (
            id      TEXT NOT NULL PRIMARY KEY,
            name    TEXT NOT NULL,
            created TEXT NOT NULL,
            doc     TEXT NOT NULL DEFAULT '{}'
        ) STRICT;

        CREATE TABLE IF NOT EXISTS tokens (
            id      TEXT NOT NULL PRIMARY KEY,
            tenant  TEXT NULL,
            name    TEXT NOT NULL,
            sha256  TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            expires TEXT NULL,
            revoked TEXT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS ix_tokens_tenant ON tokens (tenant);
        """,

        // 2: token kinds, and the audit log. A tenant's role catalog, default roles and organizations need no step:
        // they live in tenants.doc (step 1), and a row of an older file reads '{}' there, which means the defaults.
        """
        ALTER TABLE tokens ADD COLUMN kind TEXT NOT NULL DEFAULT 'Bearer' CHECK (kind IN ('Bearer', 'OAuthClient'));

        -- Append-only. AUTOINCREMENT: a sequence is never reused, so it is a safe paging key.
        -- No foreign key to tenants or resources: the log outlives what it records.
        CREATE TABLE IF NOT EXISTS audit (
            sequence      INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant        TEXT NOT NULL,
            at            TEXT NOT NULL,
            actor         TEXT NOT NULL,
            operation     TEXT NOT NULL,
            resource_type TEXT NOT NULL,
            resource_id   TEXT NOT NULL,
            version       INTEGER NULL,
            request_id    TEXT NULL,
            summary       TEXT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS ix_audit_resource ON audit (tenant, resource_id, sequence);
        CREATE INDEX IF NOT EXISTS ix_audit_at ON audit (tenant, at);
        """,

        // 3: search keys (the values at each resource type's declared x-searchKeys paths), so that eq/sw/co/ew on
        // the attributes identity providers match on are index lookups, not a json_each over every document.
        // Rows written before this step get their keys from SqliteScimStore.InitializeAsync (a backfill).
        $"""
        {KeysTable("users")}
        {KeysTable("groups")}
        """,

        // 4: provisioning events (RFC 9967). The audit log is their outbox: an entry records what its events tell
        // (change, JSON; null for admin operations and for entries written before this step). A stream keeps its
        // cursor into the log, its poll acknowledgements above the cursor, and a delivery lease.
        """
        ALTER TABLE audit ADD COLUMN change TEXT NULL;

        CREATE TABLE IF NOT EXISTS event_streams (
            id             TEXT NOT NULL PRIMARY KEY,
            tenant         TEXT NOT NULL,
            created        TEXT NOT NULL,
            doc            TEXT NOT NULL,
            paused         INTEGER NOT NULL DEFAULT 0,
            cursor         INTEGER NOT NULL,
            last_delivered TEXT NULL,
            failures       INTEGER NOT NULL DEFAULT 0,
            failing_since  TEXT NULL,
            last_error     TEXT NULL,
            lease_owner    TEXT NULL,
            lease_until    TEXT NULL
        ) STRICT;
        CREATE INDEX IF NOT EXISTS ix_event_streams_tenant ON event_streams (tenant);

        CREATE TABLE IF NOT EXISTS event_acks (
            stream_id TEXT NOT NULL,
            sequence  INTEGER NOT NULL,
            PRIMARY KEY (stream_id, sequence)
        ) STRICT, WITHOUT ROWID;
        """,

        // 5: the trigram indexes' vocabularies (how many keys hold each trigram), so that a co filter asks the index
        // for its rarest trigrams only (TrigramStatistics): views over the indexes, nothing stored. And each tenant's
        // number of users and of groups, kept by triggers in every transaction that inserts or deletes one, so the
        // totalResults of an unfiltered listing is one row read in the page's snapshot, not a COUNT of the tenant
        // (at 1,000,000 users a COUNT took tens of milliseconds, again after every write).
        $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {VocabularyTableOf(KeysTableOf("users"))} USING fts5vocab({KeysTableOf("users")}_fts, 'row');
        CREATE VIRTUAL TABLE IF NOT EXISTS {VocabularyTableOf(KeysTableOf("groups"))} USING fts5vocab({KeysTableOf("groups")}_fts, 'row');

        CREATE TABLE IF NOT EXISTS {CountsTable} (
            tenant         TEXT NOT NULL,
            resource_table TEXT NOT NULL,
            n              INTEGER NOT NULL,
            PRIMARY KEY (tenant, resource_table)
        ) STRICT, WITHOUT ROWID;
        {Counted("users")}
        {Counted("groups")}
        """,

        // 6: an index of each user's active with its id, so that a page of active eq true in id order (an identity
        // provider's nightly reconcile), its count and the walk to a deep startIndex read an index range rather than
        // the JSON of every row of the tenant. On the expression rather than on a VIRTUAL generated column: SQLite never
        // takes an index on a virtual column as covering (the count and the walk then read every matching row again),
        // while an index on the expression covers a query that spells the expression the same (SQLite 3.41 on).
        // Kept in every write's own transaction like any index; adding it rewrites no row.
        $"""
        CREATE INDEX IF NOT EXISTS ix_users_active ON users (tenant, {ActiveExpression}, id);
        """,

        // 7: ew through an FTS5 index of the backwards values instead of the b-tree ix_{table}_keys_eulav. A value's
        // backwards form puts its varying part first (user41521@… is 12514…), so every new key landed on its own leaf of
        // that b-tree: two thirds of the pages a POST /Users wrote into the WAL (151 of 226 for 16 users) and three
        // quarters of a Bulk's (2,850 of 3,783 for 1,000), each copied again by the checkpoint. FTS5 writes what a
        // transaction adds as one new segment and merges segments later (an LSM tree), so a key costs a few bytes of a
        // sequential write; a suffix is a prefix query on it (see BackwardsTokenizer). Built once from the keys.
        $"""
        {BackwardsIndex("users")}
        {BackwardsIndex("groups")}
        """,
    ];

    /// <summary>
    /// The tokenizer of the backwards index (step 7): unicode61 with every Unicode category a token character, so a key's
    /// whole backwards value is one token and a suffix is a prefix of it. Case is folded on both sides (the index holds
    /// candidates; the filter's own predicate decides), diacritics are kept.
    /// </summary>
    public const string BackwardsTokenizer = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Z* C*'";

    /// <summary>The FTS5 index of a keys table's backwards values (step 7).</summary>
    public static string BackwardsIndexOf(string keysTable) => keysTable + "_eulav";

    /// <summary>
    /// The backwards index of a resource table's keys, filled from the keys already stored, and the b-tree it replaces
    /// dropped. detail=none and columnsize=0: a prefix query needs neither positions nor sizes.
    /// </summary>
    private static string BackwardsIndex(string table) => $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {BackwardsIndexOf(KeysTableOf(table))} USING fts5(
            eulav, content='{KeysTableOf(table)}', content_rowid='seq', tokenize="{BackwardsTokenizer}", detail='none', columnsize=0);
        INSERT INTO {BackwardsIndexOf(KeysTableOf(table))} ({BackwardsIndexOf(KeysTableOf(table))}) VALUES ('rebuild');
        DROP INDEX IF EXISTS ix_{table}_keys_eulav;
        """;

    /// <summary>
    /// A user's <c>active</c> as the index of step 6 holds it: a query must spell it exactly so for SQLite to use
    /// the index. json_extract gives 1 or 0 for a JSON boolean, NULL when it is absent or null.
    /// </summary>
    public const string ActiveExpression = $"json_extract(doc, '$.\"{SchemaRegistry.ActiveAttribute}\"')";

    /// <summary>The number of resources of each tenant and table (step 5), kept by triggers.</summary>
    public const string CountsTable = "resource_counts";

    /// <summary>The rows of <paramref name="table"/> counted now, and the triggers that keep the count.</summary>
    private static string Counted(string table) => $"""
        INSERT INTO {CountsTable} (tenant, resource_table, n) SELECT tenant, '{table}', COUNT(*) FROM {table} WHERE true GROUP BY tenant;
        CREATE TRIGGER IF NOT EXISTS {table}_counted AFTER INSERT ON {table} BEGIN
            INSERT INTO {CountsTable} (tenant, resource_table, n) VALUES (NEW.tenant, '{table}', 1)
            ON CONFLICT (tenant, resource_table) DO UPDATE SET n = n + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS {table}_uncounted AFTER DELETE ON {table} BEGIN
            UPDATE {CountsTable} SET n = n - 1 WHERE tenant = OLD.tenant AND resource_table = '{table}';
        END;
        """;


    /// <summary>The search key tables of a resource table (step 3).</summary>
    public static string KeysTableOf(string table) => table + "_keys";

    /// <summary>The fts5vocab table of a search key table's trigram index (step 5): one row per trigram, with its count.</summary>
    public static string VocabularyTableOf(string keysTable) => keysTable + "_vocab";

    /// <summary>
    /// One row per key; b-trees for eq and sw (a range on the value) and ew (a range on the value backwards; step 7 drops
    /// that b-tree for an FTS5 index of the backwards values, see <see cref="BackwardsIndex"/>), and an
    /// FTS5 trigram index over the same rows for co.
    /// detail=none keeps the trigram index small (no positions): it answers LIKE '%…%' with candidates that the
    /// filter's own predicate then checks exactly, so a false candidate never becomes a result. The store feeds the
    /// trigram index one statement per write, not by a trigger per row: FTS5 flushes its pending terms into a new
    /// segment at every statement savepoint, and a trigger per row made a Bulk of 1,000 users cost seconds.
    /// </summary>
    private static string KeysTable(string table) => $"""
        -- AUTOINCREMENT: a key's rowid is never reused, so "the keys above rowid n" are exactly the keys added since.
        CREATE TABLE IF NOT EXISTS {KeysTableOf(table)} (
            seq    INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant TEXT NOT NULL,
            id     TEXT NOT NULL,
            path   TEXT NOT NULL,
            value  TEXT NOT NULL,
            eulav  TEXT NOT NULL  -- the value backwards, so that ew is a prefix range like sw
        ) STRICT;
        CREATE INDEX IF NOT EXISTS ix_{table}_keys_value ON {KeysTableOf(table)} (tenant, path, value, id);
        CREATE INDEX IF NOT EXISTS ix_{table}_keys_eulav ON {KeysTableOf(table)} (tenant, path, eulav, id);
        CREATE INDEX IF NOT EXISTS ix_{table}_keys_id ON {KeysTableOf(table)} (tenant, id);
        CREATE VIRTUAL TABLE IF NOT EXISTS {KeysTableOf(table)}_fts USING fts5(
            value, content='{KeysTableOf(table)}', content_rowid='seq', tokenize='trigram', detail='none');
        """;

    /// <summary>
    /// A resource table: the document as JSON plus the columns the document leaves out (id, meta) or that an index
    /// needs (the folded unique key, externalId). Dates are <see cref="Core.Schema.ScimDateTime"/> text.
    /// </summary>
    private static string ResourceTable(string table) => $"""
        CREATE TABLE IF NOT EXISTS {table} (
            tenant        TEXT NOT NULL,
            id            TEXT NOT NULL,
            version       INTEGER NOT NULL,
            created       TEXT NOT NULL,
            last_modified TEXT NOT NULL,
            unique_key    TEXT NULL,
            external_id   TEXT NULL,
            password_hash TEXT NULL,
            doc           TEXT NOT NULL,
            PRIMARY KEY (tenant, id)
        ) STRICT;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_{table}_unique_key ON {table} (tenant, unique_key) WHERE unique_key IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_{table}_external_id ON {table} (tenant, external_id);
        CREATE INDEX IF NOT EXISTS ix_{table}_last_modified ON {table} (tenant, last_modified);
        """;
}
