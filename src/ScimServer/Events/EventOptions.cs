namespace ScimServer.Events;

/// <summary>The <c>Events</c> section: how SETs are signed and addressed, and how delivery paces itself.</summary>
internal sealed class EventOptions
{
    public const string SectionName = "Events";

    /// <summary>The SETs' <c>iss</c>.</summary>
    public string Issuer { get; set; } = "urn:scimserver";

    /// <summary>
    /// The SETs' <c>aud</c>; when unset, the stream's own URI (<c>urn:scimserver:stream:{id}</c>), and on a SET shared
    /// by several push streams the array of their URIs.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>RS256 or ES256.</summary>
    public string Algorithm { get; set; } = "RS256";

    /// <summary>The private key as PEM (RSA for RS256, P-256 for ES256); a key generated per process when unset.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The longest a poll without <c>returnImmediately</c> waits for an event (RFC 8936 §2.4 long polling).</summary>
    public TimeSpan PollWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often a waiting poll reads the log anyway. A change made through this instance wakes it at once; this check
    /// finds changes made through other instances on the same store.
    /// </summary>
    public TimeSpan PollCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most SETs in one poll response when the receiver names no <c>maxEvents</c>.</summary>
    public int PollMaxEvents { get; set; } = 100;

    /// <summary>How long a push stream may fail without a success before its status says <c>failing</c>.</summary>
    public TimeSpan FailingAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The first retry delay of a failed push; each retry doubles it (with jitter) up to <see cref="PushMaxRetryDelay"/>.</summary>
    public TimeSpan PushRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan PushMaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The longest a push stream's saved cursor (and its status' <c>lastDelivered</c>) lags what the receiver
    /// acknowledged: it is saved at most this often, and this long after the last SET when the stream goes idle. After a
    /// crash, at most about this much is pushed again. One save per SET put a write transaction per stream beside every
    /// write of the tenant.
    /// </summary>
    public TimeSpan PushCursorInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one POST to a receiver may take.</summary>
    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often an idle push stream reads the log anyway, and how often an instance looks for streams to push. A write
    /// through this instance wakes the tenant's streams at once, and a stream created or resumed here starts at once;
    /// this look finds writes and streams made through other instances on the same store.
    /// </summary>
    public TimeSpan PushInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long an instance holds a stream's delivery lease without renewing it: after a crash, another instance (or
    /// the restarted one) takes the stream over once this has passed.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The nice value (Linux, 0–19) of the threads that push SETs: above 0 they yield the CPU to requests, so that
    /// delivering one write's events does not slow the next writes (nor the write's own response, which is still being
    /// written when its commit wakes the streams). 0 runs them at the requests' priority. Elsewhere any value above 0
    /// means <see cref="ThreadPriority.BelowNormal"/>.
    /// </summary>
    public int DeliveryNice { get; set; } = 10;

    /// <summary>How many threads push SETs (every push stream of this instance shares them).</summary>
    public int DeliveryThreads { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);
}
