using Newtonsoft.Json.Linq;
using ScimServer.Core.Filtering;
using ScimServer.Core.Filtering.Expressions;
using ScimServer.Core.Protocol;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Patch;

/// <summary>
/// Operations on a group's <c>members</c>, which live as membership edges (DESIGN.md) and never in the document.
/// Each operation becomes a step of a <see cref="MembershipChangeBuilder"/>; the store applies the composed change
/// edge by edge, so a PATCH costs the same for a group of ten members or of a million.
/// </summary>
internal sealed class MembersPatch
{
    private const string ValueSubAttribute = "value";

    private readonly MembershipChangeBuilder _change = new();

    public ScimError? Apply(PatchOperationType op, PatchTarget target, JToken? value)
    {
        if (target.SubAttribute is not null && !target.HasFilter)
        {
            return ScimError.InvalidPath($"'{target.Text}': members are added and removed whole, as {{\"value\": \"<id>\"}}.");
        }

        if (target.HasFilter)
        {
            return ApplyFiltered(op, target);
        }

        // Anything but null or [] names members, and each must pass the one member rule: {} or "" is refused, never
        // read as "no members" (which would empty the group on a replace).
        switch (op)
        {
            case PatchOperationType.Add:
                // Adding nothing changes nothing; it must not empty the group.
                return MemberValueReader.NamesNone(value) ? null : Read(value!, _change.Add);

            case PatchOperationType.Replace:
                if (MemberValueReader.NamesNone(value))
                {
                    _change.ReplaceAll([]);
                    return null;
                }

                return Read(value!, _change.ReplaceAll);

            default:
                // RFC 7644 §3.5.2.2: without a value, remove takes every member. With one — Entra ID's default
                // {"op":"Remove","path":"members","value":[{"value":"<id>"}]} — only the members it names go.
                if (value is null || value.Type == JTokenType.Null)
                {
                    _change.ReplaceAll([]);
                    return null;
                }

                return Read(value, members => _change.Remove(members.Select(m => m.MemberId)));
        }
    }

    public MembershipChange Build() => _change.Build();

    private ScimError? ApplyFiltered(PatchOperationType op, PatchTarget target)
    {
        if (op != PatchOperationType.Remove || target.SubAttribute is not null)
        {
            return ScimError.InvalidPath(
                $"'{target.Text}': a filter on members can only select members to remove; add or replace members by value.");
        }

        var ids = new List<string>();
        if (!CollectIds(target.FilterExpression!, ids))
        {
            return ScimError.InvalidFilter(
                $"'{target.Text}': only 'value eq \"<id>\"' filters, alone or joined with 'or', are supported for members.");
        }

        _change.Remove(ids);
        return null;
    }

    // Entra ID with aadOptscim062020: {"op":"remove","path":"members[value eq \"<id>\"]"}.
    private static bool CollectIds(FilterExpression filter, List<string> ids)
    {
        switch (filter)
        {
            case OrExpression or:
                return CollectIds(or.Left, ids) && CollectIds(or.Right, ids);

            case ComparisonExpression
            {
                Operator: ComparisonOperator.Eq,
                Path: { SchemaUrn: null, SubAttributeName: null } path,
                Value: { Kind: LiteralKind.String } literal,
            } when string.Equals(path.AttributeName, ValueSubAttribute, StringComparison.OrdinalIgnoreCase):
                ids.Add(literal.Text);
                return true;

            default:
                return false;
        }
    }

    private static ScimError? Read(JToken value, Action<IReadOnlyList<MemberEdge>> apply)
    {
        var members = MemberValueReader.Read(value);
        if (!members.IsSuccess)
        {
            return members.Error;
        }

        apply(members.Value);
        return null;
    }
}
