namespace ScimServer.Core.Import;

/// <summary>An error of one row of a users file; the message names the row (<c>Row 3: …</c>).</summary>
public sealed record ImportRowError(int Row, string Message);
