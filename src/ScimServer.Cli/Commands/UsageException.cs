namespace ScimServer.Cli.Commands;

/// <summary>A usage error found by a command (exit 2, nothing sent).</summary>
internal sealed class UsageException(string message) : Exception(message);
