using Newtonsoft.Json.Linq;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Import;

/// <summary>A row of a users file as a SCIM user, by <see cref="ImportColumns"/>.</summary>
public static class ImportUser
{
    /// <summary>The non-empty known columns of a row with their SCIM values.</summary>
    public static IEnumerable<(ImportColumn Column, JToken Value)> Values(IImportRow row)
    {
        foreach (var column in ImportColumns.All)
        {
            if (column.ValueOf(row[column.Name]) is { } value)
            {
                yield return (column, value);
            }
        }
    }

    /// <summary>The user to POST: the row's non-empty columns.</summary>
    public static JObject From(IImportRow row)
    {
        var user = new JObject { ["schemas"] = new JArray(ScimSchemaUrns.User) };
        foreach (var (column, value) in Values(row))
        {
            column.WriteTo(user, value);
        }

        return user;
    }
}
