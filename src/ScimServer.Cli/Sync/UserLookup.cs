using Newtonsoft.Json.Linq;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Http;
using ScimServer.Cli.Scim;
using ScimServer.Core.Import;

namespace ScimServer.Cli.Sync;

/// <summary>
/// Finds the users that rows already have on the server: by externalId when the row has one, else by userName,
/// with batched <c>eq … or eq …</c> filters rather than one request per row.
/// </summary>
internal static class UserLookup
{
    /// <summary>The match key of a row: ("externalId", value) or ("userName", value).</summary>
    public static (string Attribute, string Value) KeyOf(UserRow row) => ImportMatch.KeyOf(row);

    public static async Task<IReadOnlyDictionary<UserRow, IReadOnlyList<JObject>>> MatchAsync(
        ScimApi api, IReadOnlyList<UserRow> rows, int pageSize, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, List<JObject>>();
        foreach (var group in rows.Select(KeyOf).GroupBy(k => k.Attribute))
        {
            foreach (var filter in ScimFilterText.AnyOf(group.Key, group.Select(k => k.Value)))
            {
                foreach (var user in await api.UsersAsync(filter, pageSize, cancellationToken))
                {
                    if ((string?)user[group.Key] is { } value)
                    {
                        var key = Normalise(group.Key, value);
                        if (!found.TryGetValue(key, out var list))
                        {
                            found[key] = list = [];
                        }

                        list.Add(user);
                    }
                }
            }
        }

        return rows.ToDictionary(
            r => r,
            r =>
            {
                var (attribute, value) = KeyOf(r);
                return (IReadOnlyList<JObject>?)found.GetValueOrDefault(Normalise(attribute, value)) ?? [];
            });
    }

    private static string Normalise(string attribute, string value) => ImportMatch.Normalise(attribute, value);
}
