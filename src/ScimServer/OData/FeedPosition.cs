using System.Globalization;
using System.Text.RegularExpressions;

namespace ScimServer.OData;

/// <summary>
/// Where a page starts, carried in <c>$skiptoken</c>: skip <see cref="Users"/> matching resources (in the page's order),
/// then <see cref="Rows"/> rows of the ones after them. On the plain sets a row is a resource, so
/// <see cref="Rows"/> is 0; on a derived set a page may end inside one user's rows.
/// </summary>
internal sealed partial record FeedPosition(long Users, long Rows)
{
    public static FeedPosition Start { get; } = new(0, 0);

    public string ToToken() => string.Create(CultureInfo.InvariantCulture, $"u{Users}r{Rows}");

    public static FeedPosition? TryParse(string token)
    {
        var match = TokenPattern().Match(token);
        return match.Success
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var users)
            && long.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var rows)
            ? new FeedPosition(users, rows)
            : null;
    }

    [GeneratedRegex("^u([0-9]{1,12})r([0-9]{1,12})$")]
    private static partial Regex TokenPattern();
}
