using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ScimServer.Hosting;

namespace ScimServer.Security;

/// <summary>
/// The global limiter of ASP.NET Core's rate-limiting middleware, counting failed authentications per client address:
/// a request only asks whether its address still has failures left (it takes no permit), and each failed
/// authentication takes one. Once an address has none left, its requests get 429 with Retry-After until the window
/// ends — including requests with a valid token, or a guesser would learn which guess was right.
/// </summary>
internal sealed class AuthenticationFailureLimiter : PartitionedRateLimiter<HttpContext>
{
    private readonly PartitionedRateLimiter<string>? _failures;
    private readonly ILogger<AuthenticationFailureLimiter> _logger;
    private readonly long _quietMilliseconds;
    private long _lastFailure = long.MinValue / 2;

    public AuthenticationFailureLimiter(IOptions<AuthenticationLimitOptions> options, ILogger<AuthenticationFailureLimiter> logger)
    {
        _logger = logger;
        var limit = options.Value;
        if (limit.AuthFailureLimit > 0)
        {
            // Two windows: a failure's window has ended by then, and its limiter's timer has given the permits back.
            _quietMilliseconds = 2_000L * Math.Max(1, limit.AuthFailureWindowSeconds);
            _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ =>
                new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.AuthFailureLimit,
                    Window = TimeSpan.FromSeconds(Math.Max(1, limit.AuthFailureWindowSeconds)),
                    QueueLimit = 0,
                }));
        }
    }

    /// <summary>Counts one failed authentication of the request's client address, and logs it (never the secret).</summary>
    public void RecordFailure(HttpContext context, string reason)
    {
        var address = AddressOf(context);
        Log.AuthenticationFailed(_logger, address, context.Request.Method, context.Request.Path, reason);
        if (_failures is not null)
        {
            Volatile.Write(ref _lastFailure, Environment.TickCount64);
            using var lease = _failures.AttemptAcquire(address);
            if (!lease.IsAcquired)
            {
                Log.AuthenticationRateLimited(_logger, address);
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        _failures?.GetStatistics(AddressOf(resource));

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        _failures is null || !HadRecentFailures() || IsOpen(resource) ? Allowed.Instance : _failures.AttemptAcquire(AddressOf(resource), 0);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _failures?.Dispose();
        }

        base.Dispose(disposing);
    }

    // Without a failure in the last two windows every address has all its failures left: no need to look the address
    // up (a string and a partition lookup on every request, issue 12).
    private bool HadRecentFailures() => Environment.TickCount64 - Volatile.Read(ref _lastFailure) < _quietMilliseconds;

    // Probes, the OpenAPI documents, their UI and the root need no token, so they are never held back.
    private static bool IsOpen(HttpContext context) =>
        context.Request.Path == "/" || context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/openapi")
        || context.Request.Path.StartsWithSegments("/docs") || IsAdminUiFile(context.Request.Path);

    // The User Management page's own files load, so that it can show the 429 of its sign-in instead of a blank page.
    private static bool IsAdminUiFile(PathString path) =>
        path.StartsWithSegments("/admin/ui") && !path.StartsWithSegments("/admin/ui/api") && !path.StartsWithSegments("/admin/ui/scim");

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress is { } ip
        ? (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString()
        : IPAddress.None.ToString();

    private sealed class Allowed : RateLimitLease
    {
        public static readonly Allowed Instance = new();

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
