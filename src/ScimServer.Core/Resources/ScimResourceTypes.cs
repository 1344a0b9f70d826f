namespace ScimServer.Core.Resources;

/// <summary>The names of the resource types of <c>schemas/resourcetypes/</c> that membership refers to.</summary>
public static class ScimResourceTypes
{
    public const string User = "User";
    public const string Group = "Group";
}
