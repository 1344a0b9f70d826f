namespace ScimServer.Core.Storage;

/// <summary>One indexed value of a resource: the declared path (<c>emails.value</c>) and the value as its key.</summary>
public sealed record SearchKey(string Path, string Value);
