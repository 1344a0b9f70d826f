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
}
