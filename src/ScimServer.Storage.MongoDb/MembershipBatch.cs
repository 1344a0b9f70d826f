namespace ScimServer.Storage.MongoDb;

/// <summary>One transaction's share of a <see cref="MembershipDiff"/>.</summary>
internal sealed record MembershipBatch(IReadOnlyList<(string MemberId, string MemberType)> Upserts, IReadOnlyList<string> Deletes);
