namespace ScimServer.Cli.Csv;

/// <summary>A row that failed or was not sent: the HTTP status (or <c>unsent</c>) and why.</summary>
internal sealed record RowFailure(UserRow Row, string Status, string Error);
