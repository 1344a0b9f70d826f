namespace ScimServer.Storage.Sqlite;

/// <summary>A named parameter of generated SQL: a string, a long, a double or null (nothing else reaches SQLite).</summary>
internal sealed record SqlParameterValue(string Name, object? Value);
