namespace ScimServer.Cli.Csv;

/// <summary>A CSV file that cannot be used at all: a usage error, reported before anything is sent.</summary>
internal sealed class CsvFileException(string message) : Exception(message);
