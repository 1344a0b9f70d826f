using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ScimServer.Benchmarks.Baseline;

namespace ScimServer.Benchmarks.Load;

/// <summary>
/// Issue 12's load benchmark: starts the published server on a fresh SQLite file and the bare Kestrel baseline, loads
/// N users through /Bulk and the groups, then drives both with wrk and reports every figure as a share of the
/// baseline measured just before its group. Loopback only; every step is bounded in time.
/// </summary>
internal static class LoadBenchmark
{
    private const string Scim = "/scim/v2";
    private const int LinesPerFile = 2000;
    private const int BulkSize = 1000;
    private const int DepartmentSize = 100;
    private const int NestedDepth = 10;
    private const int SpareUsers = 64;
    private const string PatchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    public static async Task<int> RunAsync(string[] args)
    {
        LoadOptions? options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(exception.Message);
            options = null;
        }

        if (options is null)
        {
            Console.Error.WriteLine(LoadOptions.Usage);
            return 2;
        }

        var work = options.WorkDirectory ?? Directory.CreateTempSubdirectory("scim-load-").FullName;
        Directory.CreateDirectory(work);
        var token = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var adminToken = RandomNumberGenerator.GetHexString(48, lowercase: true);
        var database = Path.Combine(work, "scim.db");
        foreach (var stale in new[] { database, database + "-wal", database + "-shm" })
        {
            File.Delete(stale);
        }

        Console.WriteLine($"Work folder: {work}");

        // MongoDB: a database of this run's own on the replica set, dropped at the end.
        var mongoDatabase = options.Store == LoadOptions.MongoStore
            ? "scim_load_" + RandomNumberGenerator.GetHexString(8, lowercase: true)
            : null;
        await using var dropMongo = new MongoDatabaseDrop(options.MongoUri, mongoDatabase);
        string[] storeArguments = mongoDatabase is null
            ? ["--Storage:SqlitePath", database]
            : ["--Storage:Provider", "MongoDb", "--ConnectionStrings:MongoDb", options.MongoUri!, "--Storage:MongoDatabase", mongoDatabase,
                "--Scim:JwtSigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))];
        var report = new BenchReport(options, mongoDatabase is null ? "SQLite store (WAL) on a fresh file" : $"MongoDB store, fresh database {mongoDatabase}");
        await using var server = await ManagedProcess.StartAsync(
            "server",
            options.ServerDll,
            FreePort(),
            [
                .. storeArguments,
                "--Scim:BootstrapToken", token,
                "--Scim:AdminToken", adminToken,

                // A group of 20,000 members is one POST of about 1.2 MB.
                "--Scim:MaxPayloadBytes", "67108864",
                "--Logging:LogLevel:Default", "Warning",
            ],
            "/health/ready",
            Path.Combine(work, "server.log"));
        await using var baseline = await ManagedProcess.StartAsync(
            "baseline", options.BenchmarkDll, FreePort(), ["baseline"], BaselineServer.Path, Path.Combine(work, "baseline.log"));
        Console.WriteLine($"Started {server} and {baseline}.");

        using var client = new ScimClient(server.BaseUrl, token);
        var data = await LoadAsync(client, options, report);
        var afterLoad = server.Memory();
        report.AddMemory(Invariant($"right after the last request of loading {options.Users:N0} users and their groups"), afterLoad.Rss);
        AddStoreFiles(report, mongoDatabase is null ? database : null, "store files after loading");

        // The server's own work after a load (SQLite: merging the trigram index, returning the load's cache and
        // garbage) runs while nothing is written. Figures taken meanwhile share the cores with it — the baseline too —
        // and say more about that work than about the request, so they wait for it, and the wait is a figure.
        // Quiet for 5 s: the SQLite writer starts that work only after a second without writes.
        var (settled, idle) = await server.WaitUntilIdleAsync(TimeSpan.FromSeconds(options.SettleCapSeconds), TimeSpan.FromSeconds(5));
        var settledMemory = server.Memory();
        report.AddTiming(
            "server busy after loading (its idle work: trigram index merge, cache and heap returned)",
            Invariant($"{settled.TotalSeconds:F0} s"),
            idle ? "until it used under a tenth of a core for 5 s; the figures below are taken after it" : Invariant($"still busy after --settle-cap {options.SettleCapSeconds} s; the figures below share the cores with it"));
        report.AddMemory(Invariant($"after loading {options.Users:N0} users and their groups, once the server is idle"), settledMemory.Rss);

        var script = Path.Combine(AppContext.BaseDirectory, "Load", "scim.lua");
        var wrk = new WrkRunner(options, script, token);
        var files = new RequestFiles(work);
        var random = new Random(12);
        var peak = new PeakMemory(server);
        peak.Start();

        async Task GroupAsync(string group, IEnumerable<(string Name, string File, string Mode)> figures)
        {
            Console.WriteLine($"{group}:");
            var baselineFile = files.Write("baseline", [("GET", BaselineServer.Path, null)]);
            await wrk.RunAsync(baseline.BaseUrl, baselineFile, WrkRunner.Random, options.Connections, options.WarmupSeconds);
            var bare = await wrk.RunAsync(baseline.BaseUrl, baselineFile, WrkRunner.Random, options.Connections, options.DurationSeconds);
            Console.WriteLine(Invariant($"  baseline: {bare.RequestsPerSecond:F0} req/s, p50 {bare.P50Ms:F2} ms, p99 {bare.P99Ms:F2} ms"));
            foreach (var (name, file, mode) in figures)
            {
                var warmFile = mode == WrkRunner.Unique ? file.Replace("{run}", "w", StringComparison.Ordinal) : file;
                var mainFile = mode == WrkRunner.Unique ? file.Replace("{run}", "m", StringComparison.Ordinal) : file;
                await wrk.RunAsync(server.BaseUrl, warmFile, mode, options.Connections, options.WarmupSeconds);
                await server.WaitUntilIdleAsync();
                var result = await wrk.RunAsync(server.BaseUrl, mainFile, mode, options.Connections, options.DurationSeconds);
                await server.WaitUntilIdleAsync();
                var alone = result.Requests < options.Connections && mode != WrkRunner.Unique ? await TimeAloneAsync(client, mainFile) : null;
                report.Add(new RateFigure(group, name, result, bare, options.Connections, alone));
            }
        }

        string RandomUser() => data.UserIds[random.Next(data.UserIds.Count)];
        long RandomNumber() => random.Next(1, data.UserIds.Count);
        string Get(string name, Func<string> path) => files.Write(name, Repeat(() => ("GET", path(), null)));
        string UsersFilter(string name, Func<long, string> filter) => Get(name, () => UsersPath("filter=" + Uri.EscapeDataString(filter(RandomNumber()))));

        await GroupAsync("GET one user", [
            ("GET /Users/{id} (random user)", Get("get-random", () => $"{Scim}/Users/{RandomUser()}"), WrkRunner.Random),
            (Invariant($"GET /Users/{{id}}, user in a {data.BigGroupSize:N0}-member group and {NestedDepth} nested groups"),
                Get("get-heavy", () => $"{Scim}/Users/{data.HeavyUserId}"), WrkRunner.Random),
            ("GET /Users/{id}, user in no group", Get("get-lonely", () => $"{Scim}/Users/{data.LonelyUserId}"), WrkRunner.Random),
        ]);

        await GroupAsync("filter eq (one match)", [
            ("Users userName eq", UsersFilter("eq-username", i => $"userName eq \"{BenchUsers.UserName(i)}\""), WrkRunner.Random),
            ("Users externalId eq", UsersFilter("eq-externalid", i => $"externalId eq \"{BenchUsers.ExternalId(i)}\""), WrkRunner.Random),
            ("Users id eq", Get("eq-id", () => UsersPath("filter=" + Uri.EscapeDataString($"id eq \"{RandomUser()}\""))), WrkRunner.Random),
            ("Users emails.value eq", UsersFilter("eq-email", i => $"emails.value eq \"{BenchUsers.WorkEmail(i)}\""), WrkRunner.Random),
            ("Users emails[type eq \"work\"].value eq", UsersFilter("eq-workemail", i => $"emails[type eq \"work\"].value eq \"{BenchUsers.WorkEmail(i)}\""), WrkRunner.Random),
            ("Groups displayName eq (excludedAttributes=members, as Entra ID asks)",
                Get("eq-group", () => $"{Scim}/Groups?excludedAttributes=members&filter=" + Uri.EscapeDataString(Invariant($"displayName eq \"Dept {random.Next(data.DepartmentCount)}\""))),
                WrkRunner.Random),
            ("Groups displayName eq (members rendered, 100 each)",
                Get("eq-group-members", () => $"{Scim}/Groups?filter=" + Uri.EscapeDataString(Invariant($"displayName eq \"Dept {random.Next(data.DepartmentCount)}\""))),
                WrkRunner.Random),
        ]);

        await GroupAsync("filter sw / co / ew", [
            ("userName sw", UsersFilter("sw-username", i => $"userName sw \"user{i}@\""), WrkRunner.Random),
            ("userName co", UsersFilter("co-username", i => $"userName co \"er{i}@\""), WrkRunner.Random),
            ("userName ew", UsersFilter("ew-username", i => $"userName ew \"r{i}@bench.example\""), WrkRunner.Random),
            ("emails.value sw", UsersFilter("sw-email", i => $"emails.value sw \"u{i}@\""), WrkRunner.Random),
            ("emails.value co", UsersFilter("co-email", i => $"emails.value co \"u{i}@mail\""), WrkRunner.Random),
            ("emails.value ew", UsersFilter("ew-email", i => $"emails.value ew \"u{i}@mail.example\""), WrkRunner.Random),
            ("displayName sw", UsersFilter("sw-display", i => $"displayName sw \"Display User {i}\""), WrkRunner.Random),
            ("displayName co", UsersFilter("co-display", i => $"displayName co \"User {i}\""), WrkRunner.Random),
            ("displayName ew", UsersFilter("ew-display", i => $"displayName ew \"User {i}\""), WrkRunner.Random),
            ("name.familyName sw", UsersFilter("sw-family", i => $"name.familyName sw \"Family{i}\""), WrkRunner.Random),
            ("name.familyName co", UsersFilter("co-family", i => $"name.familyName co \"mily{i}\""), WrkRunner.Random),
            ("name.familyName ew", UsersFilter("ew-family", i => $"name.familyName ew \"ily{i}\""), WrkRunner.Random),
        ]);

        // The full listings: how long reading every user takes, and the cursors the paging figures pick from.
        var cap = TimeSpan.FromSeconds(options.ListingCapSeconds);
        var byCursor = await client.WalkAsync("", byCursor: true, cap);
        AddWalk(report, "full listing, cursor, pages of 100", byCursor);
        var byIndex = await client.WalkAsync("", byCursor: false, cap);
        AddWalk(report, "full listing, startIndex, pages of 100", byIndex);
        var activeFilter = "filter=" + Uri.EscapeDataString("active eq true");
        var activeByCursor = await client.WalkAsync(activeFilter, byCursor: true, cap);
        AddWalk(report, "full listing of active eq true, cursor, pages of 100", activeByCursor);

        var activeCount = (int)Math.Max(1, activeByCursor.TotalResults);
        await GroupAsync("pages of 100 (groups rendered)", [
            ("startIndex page, random position", Get("page-index", () => UsersPath(Invariant($"startIndex={random.Next(1, Math.Max(2, data.UserIds.Count - 100))}&count=100"))), WrkRunner.Random),
            ("startIndex page of active eq true, random position",
                Get("page-index-active", () => UsersPath(Invariant($"{activeFilter}&startIndex={random.Next(1, Math.Max(2, activeCount - 100))}&count=100"))), WrkRunner.Random),
            ("cursor page, random cursor", Get("page-cursor", () => UsersPath("count=100&cursor=" + Pick(random, byCursor.Cursors))), WrkRunner.Random),
            ("cursor page of active eq true, random cursor",
                Get("page-cursor-active", () => UsersPath($"{activeFilter}&count=100&cursor=" + Pick(random, activeByCursor.Cursors))), WrkRunner.Random),
            ("first page, no paging parameters (count=100)", Get("page-first", () => UsersPath("count=100")), WrkRunner.Random),
        ]);

        string Patch(string op, string user) =>
            new JsonObject
            {
                ["schemas"] = new JsonArray(PatchSchema),
                ["Operations"] = new JsonArray(new JsonObject
                {
                    ["op"] = op,
                    ["path"] = "members",
                    ["value"] = new JsonArray(new JsonObject { ["value"] = user }),
                }),
            }.ToJsonString();

        // Each line pair adds a spare user and removes it again, so the group keeps its size.
        string AddRemove(string name, string groupId) => files.Write(name, data.SpareUserIds.SelectMany(user => new (string, string, string?)[]
        {
            ("PATCH", $"{Scim}/Groups/{groupId}", Patch("add", user)),
            ("PATCH", $"{Scim}/Groups/{groupId}", Patch("remove", user)),
        }));

        var create = BenchUsers.User("new-{run}-{seq}@bench.example", "new-{run}-{seq}", "new-{run}-{seq}@mail.example", "New {seq}", "New{seq}", true, "{seq}").ToJsonString();
        var createFile = Path.Combine(work, "post-users-{run}.txt");
        foreach (var run in new[] { "w", "m" })
        {
            File.WriteAllText(createFile.Replace("{run}", run, StringComparison.Ordinal), $"POST\t{Scim}/Users\t{create.Replace("{run}", run, StringComparison.Ordinal)}\n");
        }

        await GroupAsync("writes", [
            (Invariant($"POST /Users, {options.Connections} concurrent clients (creates/s)"), createFile, WrkRunner.Unique),
            (Invariant($"PATCH add or remove one member, group of {data.BigGroupSize:N0}"), AddRemove("patch-big", data.BigGroupId), WrkRunner.Sequential),
            ("PATCH add or remove one member, group of 10", AddRemove("patch-small", data.SmallGroupId), WrkRunner.Sequential),
        ]);

        await TimeBulkAsync(client, report);

        peak.Reset();
        var mixed = files.Write("mixed", Repeat(() => random.Next(10) switch
        {
            < 7 => ("GET", $"{Scim}/Users/{RandomUser()}", (string?)null),
            < 9 => ("GET", UsersPath("filter=" + Uri.EscapeDataString($"userName eq \"{BenchUsers.UserName(RandomNumber())}\"")), null),
            _ => ("GET", UsersPath(Invariant($"startIndex={random.Next(1, Math.Max(2, data.UserIds.Count - 100))}&count=100")), null),
        }));
        await GroupAsync("mixed load", [
            ("70% GET by id, 20% userName eq, 10% startIndex page of 100", mixed, WrkRunner.Random),
        ]);
        report.AddMemory("peak during the mixed load", peak.Peak);
        report.AddMemory("after the mixed load", server.Memory().Rss);
        if (options.SoakSeconds > 0)
        {
            // Each minute's creations are named after it: wrk's {seq} starts again with every run.
            await SoakAsync(options, server, wrk, report, minute => files.Write(Invariant($"soak-{minute}"), Repeat(() => random.Next(20) switch
            {
                < 13 => ("GET", $"{Scim}/Users/{RandomUser()}", (string?)null),
                < 17 => ("GET", UsersPath("filter=" + Uri.EscapeDataString($"userName eq \"{BenchUsers.UserName(RandomNumber())}\"")), null),
                < 19 => ("GET", UsersPath(Invariant($"startIndex={random.Next(1, Math.Max(2, data.UserIds.Count - 100))}&count=100")), null),
                _ => ("POST", $"{Scim}/Users", BenchUsers.User(
                    Invariant($"soak{minute}-{{seq}}@bench.example"), Invariant($"soak{minute}-{{seq}}"), Invariant($"soak{minute}-{{seq}}@mail.example"),
                    "Soak {seq}", "Soak{seq}", true, "{seq}").ToJsonString()),
            })));
        }

        report.AddMemory("peak since start (VmHWM, includes loading)", server.Memory().Peak);
        await peak.StopAsync();
        AddStoreFiles(report, mongoDatabase is null ? database : null, "store files at the end");

        var markdown = report.ToMarkdown();
        Console.WriteLine();
        Console.WriteLine(markdown);
        var output = options.Output ?? Path.Combine(work, "latest.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, markdown);
        Console.WriteLine($"Written to {output}; the store is {database}.");
        return 0;
    }

    /// <summary>The SQLite file and its WAL: the WAL must start over under reads and writes, not grow with every write.</summary>
    private static void AddStoreFiles(BenchReport report, string? database, string name)
    {
        if (database is null)
        {
            return;
        }

        static double Mebibytes(string path) => File.Exists(path) ? new FileInfo(path).Length / 1024.0 / 1024.0 : 0;
        report.AddTiming(name, Invariant($"database {Mebibytes(database):F0} MiB, WAL {Mebibytes(database + "-wal"):F0} MiB"));
    }

    /// <summary>
    /// Minutes of mixed load with writes (65% GET by id, 20% userName eq, 10% deep pages, 5% creates), the resident
    /// set read after each: memory must stay flat, not grow with the requests served.
    /// </summary>
    private static async Task SoakAsync(
        LoadOptions options, ManagedProcess server, WrkRunner wrk, BenchReport report, Func<int, string> requestsOfMinute)
    {
        Console.WriteLine($"soak: {options.SoakSeconds} s");
        var minutes = Math.Max(1, options.SoakSeconds / 60);
        var samples = new List<double>();
        for (var minute = 1; minute <= minutes; minute++)
        {
            var result = await wrk.RunAsync(server.BaseUrl, requestsOfMinute(minute), WrkRunner.Unique, options.Connections, options.SoakSeconds / minutes);
            var rss = server.Memory().Rss;
            samples.Add(rss);
            report.AddMemory(Invariant($"soak minute {minute} of {minutes} ({result.RequestsPerSecond:F0} req/s, non-2xx {result.Non2xx})"), rss);
        }

        var first = samples[0];
        var last = samples[^1];
        report.AddTiming(
            "soak: resident memory, first minute → last",
            Invariant($"{first:F0} → {last:F0} MiB ({(last - first) / first:+0.0%;-0.0%})"),
            Invariant($"max {samples.Max():F0} MiB over {minutes} min"));
    }

    private static async Task<BenchDataset> LoadAsync(ScimClient client, LoadOptions options, BenchReport report)
    {
        Console.WriteLine(Invariant($"Loading {options.Users:N0} users through /Bulk ({BulkSize} per request)…"));
        var watch = Stopwatch.StartNew();
        var userIds = new List<string>(options.Users);
        for (var start = 0; start < options.Users; start += BulkSize)
        {
            var batch = Enumerable.Range(start, Math.Min(BulkSize, options.Users - start)).Select(i => BenchUsers.User(i)).ToList();
            userIds.AddRange(await client.BulkCreateAsync("/Users", batch));
            if (start / BulkSize % 50 == 49)
            {
                Console.WriteLine(Invariant($"  {userIds.Count:N0} users, {userIds.Count / watch.Elapsed.TotalSeconds:F0}/s"));
            }
        }

        var userSeconds = watch.Elapsed.TotalSeconds;
        report.AddTiming(Invariant($"load {options.Users:N0} users through /Bulk"), Invariant($"{userSeconds:F1} s"), Invariant($"{options.Users / userSeconds:F0} users/s"));

        Console.WriteLine("Loading groups…");
        watch.Restart();
        var departments = (options.Users + DepartmentSize - 1) / DepartmentSize;
        const int GroupsPerBulk = 100;
        for (var start = 0; start < departments; start += GroupsPerBulk)
        {
            var batch = Enumerable.Range(start, Math.Min(GroupsPerBulk, departments - start))
                .Select(d => BenchUsers.Group(
                    Invariant($"Dept {d}"),
                    userIds.Skip(d * DepartmentSize).Take(DepartmentSize).Select(id => (id, "User"))))
                .ToList();
            await client.BulkCreateAsync("/Groups", batch);
        }

        var bigSize = Math.Min(20_000, options.Users);
        var bigGroup = await client.CreateAsync("Groups", BenchUsers.Group(Invariant($"All staff {bigSize}"), userIds.Take(bigSize).Select(id => (id, "User"))));

        // A chain: Nested 1 ⊃ Nested 2 ⊃ … ⊃ Nested 10 ∋ user 0, so user 0 has 10 groups through nesting.
        string? inner = null;
        for (var depth = NestedDepth; depth >= 1; depth--)
        {
            var member = inner is null ? (userIds[0], "User") : (inner, "Group");
            inner = await client.CreateAsync("Groups", BenchUsers.Group(Invariant($"Nested {depth}"), [member]));
        }

        var smallGroup = await client.CreateAsync("Groups", BenchUsers.Group("Small 10", userIds.Skip(Math.Min(100, options.Users - 10)).Take(10).Select(id => (id, "User"))));
        var groupSeconds = watch.Elapsed.TotalSeconds;
        report.AddTiming(
            Invariant($"load {departments + NestedDepth + 2:N0} groups ({departments:N0} of {DepartmentSize}, one of {bigSize:N0}, {NestedDepth} nested, one of 10)"),
            Invariant($"{groupSeconds:F1} s"),
            "through /Bulk (100 groups a request) and POST /Groups");

        var lonely = await client.CreateAsync("Users", BenchUsers.User("lonely@bench.example", "lonely", "lonely@mail.example", "Lonely", "Lonely", true, "lonely"));
        var spares = await client.BulkCreateAsync("/Users", [.. Enumerable.Range(0, SpareUsers).Select(i =>
            BenchUsers.User(Invariant($"spare{i}@bench.example"), Invariant($"spare-{i}"), Invariant($"spare{i}@mail.example"), "Spare", "Spare", true, "spare"))]);
        return new BenchDataset
        {
            UserIds = userIds,
            HeavyUserId = userIds[0],
            LonelyUserId = lonely,
            SpareUserIds = spares,
            BigGroupId = bigGroup,
            BigGroupSize = bigSize,
            SmallGroupId = smallGroup,
            DepartmentCount = departments,
            UserLoadSeconds = userSeconds,
            GroupLoadSeconds = groupSeconds,
        };
    }

    /// <summary>Bulk requests of 1,000 creations, one after the other: the time of each, as the issue asks (ms).</summary>
    private static async Task TimeBulkAsync(ScimClient client, BenchReport report)
    {
        const int Runs = 5;
        var times = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var batch = Enumerable.Range(0, BulkSize).Select(i => BenchUsers.User(
                Invariant($"bulk{run}-{i}@bench.example"), Invariant($"bulk{run}-{i}"), Invariant($"bulk{run}-{i}@mail.example"), "Bulk", "Bulk", true, "bulk")).ToList();
            var watch = Stopwatch.StartNew();
            await client.BulkCreateAsync("/Users", batch);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        report.AddTiming(
            "POST /Bulk of 1,000 user creations",
            Invariant($"{times[Runs / 2]:F0} ms"),
            Invariant($"median of {Runs} sequential requests (min {times[0]:F0}, max {times[^1]:F0} ms); {BulkSize / (times[Runs / 2] / 1000):F0} users/s"));
    }

    /// <summary>The median time of the first 3 requests of a file, sent one at a time (at most about 90 s in all).</summary>
    private static async Task<double?> TimeAloneAsync(ScimClient client, string requestsFile)
    {
        var times = new List<double>();
        var watch = Stopwatch.StartNew();
        foreach (var line in File.ReadLines(requestsFile).Take(3))
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(60))
            {
                break;
            }

            var parts = line.Split('\t');
            var (milliseconds, _) = await client.TimeAsync(parts[0], parts[1], parts.Length > 2 ? parts[2] : null);
            times.Add(milliseconds);
        }

        times.Sort();
        return times.Count == 0 ? null : times[times.Count / 2];
    }

    private static void AddWalk(BenchReport report, string name, ListingWalk walk)
    {
        var (first, last) = walk.FirstAndLastTenthMs();
        report.AddTiming(
            name,
            Invariant($"{walk.Seconds:F1} s"),
            Invariant($"{walk.Seen:N0} of {walk.TotalResults:N0} users{(walk.Complete ? "" : " (stopped at the time cap)")}, {walk.PageMs.Count:N0} pages; mean page {walk.PageMs.DefaultIfEmpty().Average():F1} ms, first tenth {first:F1} ms, last tenth {last:F1} ms"));
    }

    private static string UsersPath(string query) => $"{Scim}/Users?{query}";

    private static string Pick(Random random, IReadOnlyList<string> values) =>
        values.Count == 0 ? "" : Uri.EscapeDataString(values[random.Next(values.Count)]);

    private static IEnumerable<(string Method, string Path, string? Body)> Repeat(Func<(string, string, string?)> make) =>
        Enumerable.Range(0, LinesPerFile).Select(_ => make()).ToList();

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The request files wrk reads, one a figure.</summary>
    private sealed class RequestFiles(string folder)
    {
        public string Write(string name, IEnumerable<(string Method, string Path, string? Body)> requests)
        {
            var path = Path.Combine(folder, name + ".txt");
            var text = new StringBuilder();
            foreach (var (method, target, body) in requests)
            {
                text.Append(method).Append('\t').Append(target);
                if (body is not null)
                {
                    text.Append('\t').Append(body);
                }

                text.Append('\n');
            }

            File.WriteAllText(path, text.ToString());
            return path;
        }
    }
}
