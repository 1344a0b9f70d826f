using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ScimServer.Core.Resources;

/// <summary>
/// Resource ids: UUIDv7 (RFC 9562 §5.7) that increase within a millisecond too, by a 12-bit counter in <c>rand_a</c>
/// (§6.2, method 1). <see cref="Guid.CreateVersion7()"/> is random within a millisecond, and a Bulk request creates a
/// thousand users in a few: the stores keep resources in id order (the SQLite primary key, MongoDB's <c>_id</c>
/// index), so a page of 100 in id order was spread over some 86 table pages of a store instead of about 20, and
/// each creation landed somewhere inside the last millisecond's ids instead of at the end.
/// </summary>
/// <remarks>
/// The counter starts at a random value in its lower half each millisecond, so ids from several processes stay
/// apart in the 62 random bits of <c>rand_b</c>, not by the counter. When it runs out (over 2,048 ids in one
/// millisecond) the timestamp moves on by one; a clock that steps back is ignored until it passes the last id's
/// time (§6.2: an id never sorts before one made before it in this process).
/// </remarks>
public sealed class ResourceIds
{
    private const int CounterBits = 12;

    private readonly Lock gate = new();
    private long lastMilliseconds = -1;
    private int counter;

    /// <summary>The process's generator: one, so that every id it makes sorts after the ones before.</summary>
    public static ResourceIds Shared { get; } = new();

    /// <summary>A new id for a resource created at <paramref name="now"/>, in its text form.</summary>
    public string Next(DateTimeOffset now)
    {
        var milliseconds = now.ToUnixTimeMilliseconds();
        int sequence;
        lock (gate)
        {
            if (milliseconds > lastMilliseconds)
            {
                lastMilliseconds = milliseconds;
                counter = RandomNumberGenerator.GetInt32(1 << (CounterBits - 1));
            }
            else if (++counter == 1 << CounterBits)
            {
                lastMilliseconds++;
                counter = 0;
            }

            milliseconds = lastMilliseconds;
            sequence = counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (sequence >> 8));
        bytes[7] = (byte)sequence;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true).ToString();
    }
}
