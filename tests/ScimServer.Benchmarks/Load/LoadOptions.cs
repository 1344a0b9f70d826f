using System.Globalization;

namespace ScimServer.Benchmarks.Load;

/// <summary>The command line of <c>load</c>: what to start, how many users, how long each figure runs.</summary>
internal sealed record LoadOptions
{
    public required string ServerDll { get; init; }
    public required string BenchmarkDll { get; init; }
    public int Users { get; init; } = 100_000;
    public bool Quick { get; init; }
    public int DurationSeconds { get; init; } = 10;
    public int WarmupSeconds { get; init; } = 2;
    public int Connections { get; init; } = 16;
    public int Threads { get; init; } = 2;

    /// <summary>Walking every page stops after this long (the figure then reports how far it got).</summary>
    public int ListingCapSeconds { get; init; } = 300;

    /// <summary>After loading, the figures wait at most this long for the server to go idle (its work after a load).</summary>
    public int SettleCapSeconds { get; init; } = 1800;

    public string? Output { get; init; }
    public string? WorkDirectory { get; init; }

    /// <summary><c>sqlite</c> (a fresh file) or <c>mongodb</c> (a fresh database on <see cref="MongoUri"/>).</summary>
    public string Store { get; init; } = SqliteStore;

    /// <summary>The replica set of a MongoDB run: <c>SCIM_TEST_MONGODB_URI</c>, as for the contract tests.</summary>
    public string? MongoUri { get; init; }

    /// <summary>After the figures, this long of mixed load with writes, resident memory sampled every minute (0: none).</summary>
    public int SoakSeconds { get; init; }

    public const string SqliteStore = "sqlite";
    public const string MongoStore = "mongodb";
    public const string MongoUriVariable = "SCIM_TEST_MONGODB_URI";

    public const string Usage = """
        usage: ScimServer.Benchmarks load --server <ScimServer.dll> [--users 10000|100000|1000000] [--quick]
               [--duration 10] [--warmup 2] [--connections 16] [--threads 2] [--listing-cap 300] [--settle-cap 1800]
               [--out results/latest-100k.md] [--work <folder for the store and request files>]
               [--store sqlite|mongodb (mongodb: a fresh database on $SCIM_TEST_MONGODB_URI)] [--soak 600]
        """;

    public static LoadOptions? Parse(string[] args)
    {
        string? server = null, output = null, work = null;
        var store = SqliteStore;
        int? users = null, duration = null, warmup = null, connections = null, threads = null, cap = null, settle = null, soak = null;
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Number() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--server": server = Next(); break;
                case "--users": users = Number(); break;
                case "--quick": quick = true; break;
                case "--duration": duration = Number(); break;
                case "--warmup": warmup = Number(); break;
                case "--connections": connections = Number(); break;
                case "--threads": threads = Number(); break;
                case "--listing-cap": cap = Number(); break;
                case "--settle-cap": settle = Number(); break;
                case "--out": output = Next(); break;
                case "--work": work = Next(); break;
                case "--store": store = Next().ToLowerInvariant(); break;
                case "--soak": soak = Number(); break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (server is null)
        {
            return null;
        }

        if (store is not (SqliteStore or MongoStore))
        {
            throw new ArgumentException($"--store is '{SqliteStore}' or '{MongoStore}', not '{store}'.");
        }

        var mongoUri = Environment.GetEnvironmentVariable(MongoUriVariable);
        if (store == MongoStore && string.IsNullOrWhiteSpace(mongoUri))
        {
            throw new ArgumentException($"--store {MongoStore} runs against the replica set in {MongoUriVariable}, which is not set.");
        }

        return new LoadOptions
        {
            ServerDll = Path.GetFullPath(server),
            BenchmarkDll = typeof(LoadOptions).Assembly.Location,
            Users = users ?? (quick ? 10_000 : 100_000),
            Quick = quick,
            DurationSeconds = duration ?? (quick ? 3 : 10),
            WarmupSeconds = warmup ?? (quick ? 1 : 2),
            Connections = connections ?? 16,
            Threads = threads ?? 2,
            ListingCapSeconds = cap ?? (quick ? 60 : 300),
            SettleCapSeconds = settle ?? (quick ? 120 : 1800),
            Output = output,
            WorkDirectory = work,
            Store = store,
            MongoUri = store == MongoStore ? mongoUri : null,
            SoakSeconds = soak ?? 0,
        };
    }
}
