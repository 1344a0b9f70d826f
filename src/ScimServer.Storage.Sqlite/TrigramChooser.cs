namespace ScimServer.Storage.Sqlite;

/// <summary>Picks the trigrams of a <c>co</c> value that the trigram index of <paramref name="keysTable"/> is asked for.</summary>
/// <returns>A non-empty subset of <paramref name="trigrams"/>: any subset finds every row that contains the value.</returns>
internal delegate IReadOnlyList<string> TrigramChooser(string keysTable, IReadOnlyList<string> trigrams);
