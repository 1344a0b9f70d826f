using System.Globalization;

namespace ScimServer.Cli.Sync;

/// <summary>
/// The most leavers one sync may deactivate: a percentage of the users in scope (<c>10%</c>) or a count (<c>25</c>).
/// A feed that suddenly lists far fewer people is more often a broken export than a mass departure.
/// </summary>
internal sealed record DeactivationLimit(decimal Value, bool IsPercentage)
{
    public static readonly DeactivationLimit Default = new(10, true);

    public static bool TryParse(string? text, out DeactivationLimit limit)
    {
        limit = Default;
        var trimmed = text?.Trim() ?? "";
        var percentage = trimmed.EndsWith('%');
        var number = percentage ? trimmed[..^1].Trim() : trimmed;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < 0 || (percentage && value > 100) || (!percentage && value != decimal.Truncate(value)))
        {
            return false;
        }

        limit = new DeactivationLimit(value, percentage);
        return true;
    }

    /// <summary>The most users this limit lets go out of <paramref name="scope"/>.</summary>
    public int MaxLeavers(int scope) => IsPercentage ? (int)decimal.Floor(Value * scope / 100m) : (int)Value;

    public bool Allows(int leavers, int scope) => leavers <= MaxLeavers(scope);

    public override string ToString() => IsPercentage ? $"{Value.ToString(CultureInfo.InvariantCulture)}%" : Value.ToString(CultureInfo.InvariantCulture);
}
