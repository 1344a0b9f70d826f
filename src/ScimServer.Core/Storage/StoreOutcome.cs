namespace ScimServer.Core.Storage;

/// <summary>How a store write ended; a store never lets a driver exception describe an expected outcome.</summary>
public enum StoreOutcome
{
    Ok,
    NotFound,

    /// <summary>A uniqueness constraint (userName per tenant) rejected the write.</summary>
    Conflict,

    /// <summary>The stored version was not the expected one: someone else wrote first.</summary>
    PreconditionFailed,

    /// <summary>A member named in the write is not a user or group of the tenant (or the group itself).</summary>
    MemberNotFound,
}
