namespace ScimServer.Events;

/// <summary>
/// Push SETs signed once for every push stream of a tenant that gets the same claims for an event, so that a write
/// told to several streams costs one signature, not one per stream (RS256 costs about 1 ms of CPU, on the same cores as
/// the writes). A SET is found by the event (tenant, audit sequence) and the digest of its claims; it serves a stream
/// whose audience its <c>aud</c> names. Bounded: streams far behind the others sign their SETs again, which costs
/// time, never correctness.
/// </summary>
internal sealed class SharedSets
{
    private const int Capacity = 1024;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, long Sequence, string Digest), Entry> _entries = [];
    private readonly Queue<(string Tenant, long Sequence, string Digest)> _age = new();

    /// <summary>The SET for the event if one was signed with <paramref name="audience"/> in its <c>aud</c>.</summary>
    public bool TryGet(string tenant, long sequence, string digest, string audience, out string set)
    {
        Lazy<string>? found;
        lock (_gate)
        {
            found = _entries.TryGetValue((tenant, sequence, digest), out var entry) && entry.Audiences.Contains(audience) ? entry.Set : null;
        }

        set = found is null ? "" : Resolve((tenant, sequence, digest), found);
        return found is not null;
    }

    /// <summary>
    /// The SET for the event that names <paramref name="audience"/>: one signed meanwhile by another stream's
    /// delivery, else <paramref name="sign"/>'s for <paramref name="audiences"/> (signed once however many streams
    /// ask at the same moment).
    /// </summary>
    public string GetOrSign(string tenant, long sequence, string digest, string audience, IReadOnlySet<string> audiences, Func<string> sign)
    {
        var key = (tenant, sequence, digest);
        Lazy<string> set;
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Audiences.Contains(audience))
            {
                set = entry.Set;
            }
            else
            {
                set = new Lazy<string>(sign, LazyThreadSafetyMode.ExecutionAndPublication);
                if (entry is null)
                {
                    _age.Enqueue(key);
                    if (_age.Count > Capacity)
                    {
                        _entries.Remove(_age.Dequeue());
                    }
                }

                _entries[key] = new Entry(audiences, set);
            }
        }

        return Resolve(key, set);
    }

    private string Resolve((string, long, string) key, Lazy<string> set)
    {
        try
        {
            return set.Value;
        }
        catch
        {
            // A failed signature is not kept: the next stream that needs the event tries again.
            lock (_gate)
            {
                if (_entries.TryGetValue(key, out var entry) && entry.Set == set)
                {
                    _entries[key] = entry with { Audiences = new HashSet<string>() };
                }
            }

            throw;
        }
    }

    private sealed record Entry(IReadOnlySet<string> Audiences, Lazy<string> Set);
}
