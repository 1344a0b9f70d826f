namespace ScimServer.Cli.Bulk;

/// <summary>An operation to send and what it was made for (a CSV row, a user), to map its result back.</summary>
internal sealed record BulkItem<T>(T Subject, BulkOperation Operation);
