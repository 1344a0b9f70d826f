using Microsoft.OData.Edm;
using Microsoft.OData.ModelBuilder;
using ScimServer.OData.Entities;

namespace ScimServer.OData;

/// <summary>The EDM model of the feed (what <c>$metadata</c> describes), built from the entity classes by convention.</summary>
internal static class AccessReviewModel
{
    public const string Namespace = "ScimServer.AccessReview";

    public static IEdmModel Build()
    {
        var builder = new ODataConventionModelBuilder { Namespace = Namespace, ContainerName = "AccessReview" };
        builder.EnableLowerCamelCase();

        builder.EntitySet<AccessUser>(FeedSchema.Users).EntityType.HasKey(u => u.Id).Name = "User";
        builder.EntitySet<AccessGroup>(FeedSchema.Groups).EntityType.HasKey(g => g.Id).Name = "Group";
        builder.EntitySet<RoleAssignment>(FeedSchema.RoleAssignments).EntityType.HasKey(r => new { r.UserId, r.Role });
        builder.EntitySet<OrganizationMembership>(FeedSchema.OrganizationMemberships).EntityType.HasKey(m => new { m.UserId, m.Organization });
        builder.EntitySet<ServiceAccount>(FeedSchema.ServiceAccounts).EntityType.HasKey(s => s.Id);

        foreach (var type in builder.StructuralTypes)
        {
            type.Namespace = Namespace;
        }

        return builder.GetEdmModel();
    }
}
