using System.Net;
using Newtonsoft.Json.Linq;
using ScimServer.Core.Events;
using ScimServer.Core.Filtering;
using ScimServer.Core.Patch;
using ScimServer.Core.Projection;
using ScimServer.Core.Protocol;
using ScimServer.Core.Rules;
using ScimServer.Core.Schema;
using ScimServer.Core.Security;
using ScimServer.Core.Storage;
using ScimServer.Core.Validation;

namespace ScimServer.Core.Resources;

/// <summary>
/// The SCIM resource operations (RFC 7644 §3.3–§3.6) for any resource type, on the store port. Expected failures
/// come back as <see cref="ScimError"/> values; a failed write has changed nothing.
/// </summary>
public sealed class ResourceService(
    IResourceStore store,
    ITenantStore tenants,
    AttributeResolver resolver,
    IPasswordHasher passwordHasher,
    TimeProvider time,
    ScimOptions options,
    ChangeSignal? changes = null)
{
    // A PUT without If-Match that loses a race re-reads and tries again: it is a whole replacement, so applying it
    // on top of the newer version is what the client asked for.
    private const int ReplaceAttempts = 3;

    // A PATCH without If-Match that loses a race is re-applied to the newer version: its operations are relative,
    // so re-applying them is what the client asked for. Membership-only PATCHes never race (the store serialises them).
    private const int PatchAttempts = 10;

    private readonly ResourceValidator _validator = new(resolver);
    private readonly ListQueryPlanner _planner = new(resolver, options);
    private readonly PatchEngine _patchEngine = new(resolver);
    private readonly MembershipRenderer _membership = new(store, resolver.Registry);

    // Made once per resource type: the writer's name tables depend on the schema alone.
    private readonly Dictionary<ResourceTypeDefinition, ResourceJsonLayout> _layouts = resolver.Registry.ResourceTypes
        .ToDictionary(type => type, type => new ResourceJsonLayout(type));

    public SchemaRegistry Registry => resolver.Registry;

    public AttributeResolver Resolver => resolver;

    public async Task<ScimResult<ResourceResult>> CreateAsync(
        ScimRequestContext context, ResourceTypeDefinition resourceType, JToken? body, AttributeSelection selection, CancellationToken cancellationToken)
    {
        var validated = _validator.Validate(resourceType, body, WriteContext.Create);
        if (!validated.IsSuccess)
        {
            return validated.Error;
        }

        var members = GroupMembers.Split(resourceType, validated.Value.Document);
        if (!members.IsSuccess)
        {
            return members.Error;
        }

        var ruleError = await ApplyProductRulesAsync(context, resourceType, validated.Value.Document, existing: null, cancellationToken);
        if (ruleError is not null)
        {
            return ruleError;
        }

        var now = time.GetUtcNow();
        var resource = NewResource(context, resourceType, validated.Value, now);

        var change = ResourceChangeDetector.Created(
            resourceType, resource, members.Value is { Count: > 0 }, validated.Value.Password is not null);
        var outcome = await store.CreateAsync(
            resource, members.Value, Audit(context, "create", resourceType, resource.Id, MembersSummary(members.Value), change), cancellationToken);
        Committed(context, outcome);
        return outcome switch
        {
            StoreOutcome.Ok => await RespondAsync(context, resourceType, resource, selection, cancellationToken),
            StoreOutcome.Conflict => ConflictFor(resourceType, resource),
            StoreOutcome.MemberNotFound => await MissingMembersAsync(context, null, members.Value ?? [], null, cancellationToken),
            _ => throw new InvalidOperationException($"Unexpected store outcome {outcome} on create."),
        };
    }

    /// <summary>
    /// Creates many resources of one type in one batched store write (Bulk): each body is validated and checked
    /// against the product rules on its own, and gets its own result. The result bodies carry only the <c>id</c>.
    /// Resource types with members (groups) are not batched: create them with <see cref="CreateAsync"/>.
    /// </summary>
    public async Task<IReadOnlyList<ScimResult<ResourceResult>>> CreateManyAsync(
        ScimRequestContext context, ResourceTypeDefinition resourceType, IReadOnlyList<JToken?> bodies, CancellationToken cancellationToken)
    {
        if (GroupMembers.AppliesTo(resourceType))
        {
            throw new ArgumentException($"{resourceType.Name} resources have members and are created one by one.", nameof(resourceType));
        }

        var tenant = await tenants.GetTenantAsync(context.Tenant, cancellationToken);
        var results = new ScimResult<ResourceResult>[bodies.Count];
        var batch = new List<(StoredResource Resource, AuditEntry? Audit)>(bodies.Count);
        var positions = new List<int>(bodies.Count);
        var now = time.GetUtcNow();
        for (var i = 0; i < bodies.Count; i++)
        {
            var validated = _validator.Validate(resourceType, bodies[i], WriteContext.Create);
            if (!validated.IsSuccess)
            {
                results[i] = validated.Error;
                continue;
            }

            var ruleError = await ApplyProductRulesAsync(context, resourceType, validated.Value.Document, existing: null, cancellationToken, tenant);
            if (ruleError is not null)
            {
                results[i] = ruleError;
                continue;
            }

            var resource = NewResource(context, resourceType, validated.Value, now);
            var change = ResourceChangeDetector.Created(resourceType, resource, hasMembers: false, validated.Value.Password is not null);
            batch.Add((resource, Audit(context, "create", resourceType, resource.Id, null, change)));
            positions.Add(i);
        }

        var outcomes = await store.CreateManyAsync(batch, cancellationToken);
        if (outcomes.Contains(StoreOutcome.Ok))
        {
            Committed(context, StoreOutcome.Ok);
        }
        for (var j = 0; j < batch.Count; j++)
        {
            var resource = batch[j].Resource;
            results[positions[j]] = outcomes[j] switch
            {
                StoreOutcome.Ok => new ResourceResult(new JObject { ["id"] = resource.Id }, resource.Version, context.LocationOf(resourceType.Endpoint, resource.Id)),
                StoreOutcome.Conflict => ConflictFor(resourceType, resource),
                var outcome => throw new InvalidOperationException($"Unexpected store outcome {outcome} on create."),
            };
        }

        return results;
    }

    /// <summary>GET by id: the resource is written from its stored text when the response is sent (<see cref="ResourceJsonWriter"/>).</summary>
    public async Task<ScimResult<ResourceRepresentation>> GetAsync(
        ScimRequestContext context, ResourceTypeDefinition resourceType, string id, AttributeSelection selection, CancellationToken cancellationToken)
    {
        var resource = await store.GetAsync(context.Tenant, resourceType.Name, id, cancellationToken);
        if (resource is null || !InScope(context, resourceType, resource))
        {
            return NotFound(resourceType, id);
        }

        var page = await ReadPageAsync(context, resourceType, new QueryPage([resource], 1, null), selection, cancellationToken);
        return new ResourceRepresentation(page, resource.Version, context.LocationOf(resourceType.Endpoint, resource.Id));
    }

    public async Task<ScimResult<ResourceResult>> ReplaceAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        string id,
        JToken? body,
        string? ifMatch,
        AttributeSelection selection,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(context.Tenant, resourceType.Name, id, cancellationToken);
            if (existing is null)
            {
                return NotFound(resourceType, id);
            }

            if (ifMatch is not null && !EntityTag.Matches(ifMatch, existing.Version))
            {
                return VersionMismatch(resourceType, id);
            }

            var validated = _validator.Validate(resourceType, body, WriteContext.Replace, existing.Document);
            if (!validated.IsSuccess)
            {
                return validated.Error;
            }

            var members = GroupMembers.Split(resourceType, validated.Value.Document);
            if (!members.IsSuccess)
            {
                return members.Error;
            }

            var ruleError = await ApplyProductRulesAsync(context, resourceType, validated.Value.Document, existing.Document, cancellationToken);
            if (ruleError is not null)
            {
                return ruleError;
            }

            var replacement = Replacement(resourceType, existing, validated.Value, time.GetUtcNow());
            var change = ResourceChangeDetector.Updated(
                resourceType,
                existing.Document,
                replacement,
                members.Value is { } replaced ? new MembershipChange { ReplaceAll = true, Add = replaced } : MembershipChange.None,
                validated.Value.Password is not null);

            StoreOutcome outcome;
            if (members.Value is { } edges)
            {
                // A group's PUT replaces its members too: document and edges change in one transaction.
                var update = await store.UpdateGroupAsync(
                    new GroupUpdate
                    {
                        Tenant = context.Tenant,
                        GroupId = id,
                        ExpectedVersion = existing.Version,
                        Replacement = replacement,
                        Members = new MembershipChange { ReplaceAll = true, Add = edges },
                        LastModified = replacement.LastModified,
                        Audit = Audit(context, "replace", resourceType, id, MembersSummary(edges), change),
                    },
                    cancellationToken);
                outcome = update.Outcome;
                if (outcome == StoreOutcome.MemberNotFound)
                {
                    return await MissingMembersAsync(context, id, edges, update.MissingMembers, cancellationToken);
                }
            }
            else
            {
                outcome = await store.ReplaceAsync(replacement, existing.Version, Audit(context, "replace", resourceType, id, null, change), cancellationToken);
            }

            Committed(context, outcome);
            if (LostRace(outcome, ifMatch, attempt, ReplaceAttempts))
            {
                continue;
            }

            return outcome == StoreOutcome.Ok
                ? await RespondAsync(context, resourceType, replacement, selection, cancellationToken)
                : WriteFailure(outcome, resourceType, replacement);
        }
    }

    /// <summary>
    /// PATCH (RFC 7644 §3.5.2): all operations apply to one copy of the resource, the result is validated like a PUT
    /// body, and document and membership changes are written in one store call — so a failing operation changes nothing.
    /// A null <paramref name="selection"/> means the client wants no body (204): then nothing is rendered, so adding a
    /// member to a group of any size never reads its members.
    /// </summary>
    public async Task<ScimResult<ResourceResult>> PatchAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        string id,
        JToken? body,
        string? ifMatch,
        AttributeSelection? selection,
        CancellationToken cancellationToken)
    {
        var operations = PatchRequestReader.Read(body);
        if (!operations.IsSuccess)
        {
            return operations.Error;
        }

        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(context.Tenant, resourceType.Name, id, cancellationToken);
            if (existing is null)
            {
                return NotFound(resourceType, id);
            }

            if (ifMatch is not null && !EntityTag.Matches(ifMatch, existing.Version))
            {
                return VersionMismatch(resourceType, id);
            }

            var current = ResourceRenderer.Render(resourceType, existing, context.LocationOf(resourceType.Endpoint, id));
            var patched = _patchEngine.Apply(resourceType, current, operations.Value);
            if (!patched.IsSuccess)
            {
                return patched.Error;
            }

            var validated = _validator.Validate(resourceType, patched.Value.Document, WriteContext.Replace, existing.Document);
            if (!validated.IsSuccess)
            {
                return validated.Error;
            }

            var ruleError = await ApplyProductRulesAsync(context, resourceType, validated.Value.Document, existing.Document, cancellationToken);
            if (ruleError is not null)
            {
                return ruleError;
            }

            var documentChanged = validated.Value.Password is not null || !JToken.DeepEquals(validated.Value.Document, existing.Document);
            var members = patched.Value.Members;
            if (!documentChanged && members.IsEmpty)
            {
                return await RespondIfAskedAsync(context, resourceType, existing, selection, cancellationToken);
            }

            var now = time.GetUtcNow();
            var replacement = Replacement(resourceType, existing, validated.Value, now);
            var change = ResourceChangeDetector.Updated(
                resourceType, existing.Document, replacement, members, validated.Value.Password is not null);

            StoreOutcome outcome;
            StoredResource written;
            if (GroupMembers.AppliesTo(resourceType))
            {
                var update = await store.UpdateGroupAsync(
                    new GroupUpdate
                    {
                        Tenant = context.Tenant,
                        GroupId = id,

                        // Membership-only changes need no version check: the store applies them one after the other,
                        // so concurrent PATCHes that add different members all land.
                        ExpectedVersion = documentChanged || ifMatch is not null ? existing.Version : null,
                        Replacement = documentChanged ? replacement : null,
                        Members = members,
                        LastModified = now,
                        Audit = Audit(context, "patch", resourceType, id, MembersSummary(members), change),
                    },
                    cancellationToken);
                outcome = update.Outcome;
                if (outcome == StoreOutcome.MemberNotFound)
                {
                    return await MissingMembersAsync(context, id, members.Add, update.MissingMembers, cancellationToken);
                }

                written = (documentChanged ? replacement : existing) with { Version = update.Version, LastModified = now };
            }
            else
            {
                outcome = await store.ReplaceAsync(replacement, existing.Version, Audit(context, "patch", resourceType, id, null, change), cancellationToken);
                written = replacement;
            }

            Committed(context, outcome);
            if (LostRace(outcome, ifMatch, attempt, PatchAttempts))
            {
                continue;
            }

            return outcome == StoreOutcome.Ok
                ? await RespondIfAskedAsync(context, resourceType, written, selection, cancellationToken)
                : WriteFailure(outcome, resourceType, replacement);
        }
    }

    public async Task<ScimResult<bool>> DeleteAsync(
        ScimRequestContext context, ResourceTypeDefinition resourceType, string id, string? ifMatch, CancellationToken cancellationToken)
    {
        // Read first even without If-Match: the delete event names the resource's externalId (RFC 9967 §2.1), and a
        // scoped delete checks the user is in the administrator's scope. The version read pins the delete, so the
        // externalId told is the deleted resource's and the user cannot leave the scope in between; without If-Match a
        // lost race reads again, as a DELETE without a precondition asked to delete whatever version there is.
        StoreOutcome outcome;
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.GetAsync(context.Tenant, resourceType.Name, id, cancellationToken);
            if (existing is null || !InScope(context, resourceType, existing))
            {
                return NotFound(resourceType, id);
            }

            if (ifMatch is not null && !EntityTag.Matches(ifMatch, existing.Version))
            {
                return VersionMismatch(resourceType, id);
            }

            var audit = Audit(context, "delete", resourceType, id, null, ResourceChangeDetector.Deleted(existing.ExternalId));
            outcome = await store.DeleteAsync(context.Tenant, resourceType.Name, id, existing.Version, audit, cancellationToken);
            Committed(context, outcome);
            if (!LostRace(outcome, ifMatch, attempt, PatchAttempts))
            {
                break;
            }
        }

        return outcome switch
        {
            StoreOutcome.Ok => true,
            StoreOutcome.NotFound => NotFound(resourceType, id),
            StoreOutcome.PreconditionFailed => VersionMismatch(resourceType, id),
            _ => throw new InvalidOperationException($"Unexpected store outcome {outcome} on delete."),
        };
    }

    public async Task<ScimResult<ListResult>> ListAsync(
        ScimRequestContext context, ResourceTypeDefinition resourceType, ListRequest request, CancellationToken cancellationToken)
    {
        var plan = _planner.Plan(context, resourceType, Scoped(context, resourceType, request));
        if (!plan.IsSuccess)
        {
            return plan.Error;
        }

        var (query, selection, sortSignature, startIndex) = plan.Value;
        var found = await store.QueryAsync(query with { WithMembership = MembershipRenderer.Wants(resourceType, selection) }, cancellationToken);
        var page = await ReadPageAsync(context, resourceType, found, selection, cancellationToken);
        return new ListResult(found.TotalResults ?? page.Count, [page])
        {
            StartIndex = request.Cursor is null ? startIndex : null,
            NextCursor = request.Cursor is not null && found.Next is not null ? ListCursor.Encode(sortSignature, found.Next) : null,
        };
    }

    /// <summary>
    /// <c>POST /.search</c> at the root (RFC 7644 §3.4.3): every resource type whose schema knows the filter's
    /// attributes is searched; results come type after type, with index paging over the whole sequence.
    /// </summary>
    public async Task<ScimResult<ListResult>> SearchAllAsync(ScimRequestContext context, ListRequest request, CancellationToken cancellationToken)
    {
        if (request.Cursor is not null)
        {
            return ScimError.InvalidValue("Cursor paging applies to one resource type: search /Users or /Groups.");
        }

        var plans = new List<(ResourceTypeDefinition Type, ResourceQuery Query, AttributeSelection Selection)>();
        ScimError? firstError = null;
        var startIndex = 1;
        foreach (var resourceType in Registry.ResourceTypes)
        {
            var plan = _planner.Plan(context, resourceType, Scoped(context, resourceType, request));
            if (plan.IsSuccess)
            {
                plans.Add((resourceType, plan.Value.Query, plan.Value.Selection));
                startIndex = plan.Value.StartIndex;
            }
            else
            {
                firstError ??= plan.Error;
            }
        }

        if (plans.Count == 0)
        {
            return firstError!;
        }

        var skip = startIndex - 1;
        var remaining = plans[0].Query.Limit;
        long total = 0;
        var pages = new List<ResourcePage>(plans.Count);
        foreach (var (resourceType, query, selection) in plans)
        {
            var found = await store.QueryAsync(
                query with { Offset = skip, Limit = remaining, WithMembership = MembershipRenderer.Wants(resourceType, selection) }, cancellationToken);
            var matches = found.TotalResults ?? 0;
            total += matches;
            pages.Add(await ReadPageAsync(context, resourceType, found, selection, cancellationToken));
            remaining -= found.Resources.Count;
            skip = (int)Math.Max(0, skip - matches);
        }

        return new ListResult(total, pages) { StartIndex = startIndex };
    }

    /// <summary>
    /// Resources read for a response, with their membership values (read with the page when the store could, else one
    /// store call for the page; none when excluded); they are rendered from their stored text as the response is written.
    /// </summary>
    private async Task<ResourcePage> ReadPageAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        QueryPage found,
        AttributeSelection selection,
        CancellationToken cancellationToken)
    {
        var resources = found.Resources;
        var membership = await _membership.LoadAsync(context, resourceType, resources.Select(r => r.Id).ToList(), selection, cancellationToken, found);
        var layout = _layouts.GetValueOrDefault(resourceType) ?? new ResourceJsonLayout(resourceType);
        return new ResourcePage(new ResourceJsonWriter(layout, selection, context), resources, membership);
    }

    private async Task<ScimResult<ResourceResult>> RespondAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        StoredResource resource,
        AttributeSelection selection,
        CancellationToken cancellationToken)
    {
        var body = (await RenderPageAsync(context, resourceType, [resource], selection, cancellationToken))[0];
        return new ResourceResult(body, resource.Version, context.LocationOf(resourceType.Endpoint, resource.Id));
    }

    private async Task<ScimResult<ResourceResult>> RespondIfAskedAsync(
        ScimRequestContext context, ResourceTypeDefinition resourceType, StoredResource resource, AttributeSelection? selection, CancellationToken cancellationToken) =>
        selection is null
            ? new ResourceResult([], resource.Version, context.LocationOf(resourceType.Endpoint, resource.Id))
            : await RespondAsync(context, resourceType, resource, selection, cancellationToken);

    /// <summary>The JObject rendering, for the responses of writes (POST, PUT, PATCH), which hold the document already.</summary>
    private async Task<IReadOnlyList<JObject>> RenderPageAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        IReadOnlyList<StoredResource> resources,
        AttributeSelection selection,
        CancellationToken cancellationToken)
    {
        var rendered = resources
            .Select(r => ResourceRenderer.Render(resourceType, r, context.LocationOf(resourceType.Endpoint, r.Id)))
            .ToList();
        await _membership.AttachAsync(context, resourceType, rendered, selection, cancellationToken);
        return rendered.Select(r => selection.Apply(resourceType, r)).ToList();
    }

    /// <summary>The product rules (tenant role catalog, organizations, service accounts) for users; none for groups.</summary>
    private async Task<ScimError?> ApplyProductRulesAsync(
        ScimRequestContext context,
        ResourceTypeDefinition resourceType,
        JObject document,
        JObject? existing,
        CancellationToken cancellationToken,
        TenantRecord? tenant = null)
    {
        if (resourceType.Schema.Id != ScimSchemaUrns.User)
        {
            return null;
        }

        tenant ??= await tenants.GetTenantAsync(context.Tenant, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant '{context.Tenant}' of an authenticated request does not exist.");
        var homeTenant = AccessRules.HomeTenantOf(document);
        var homeTenantExists = homeTenant is not null && await tenants.GetTenantAsync(homeTenant, cancellationToken) is not null;
        return AccessRules.Apply(tenant, document, existing, homeTenantExists) ?? context.Scope?.CheckWrite(document, existing);
    }

    private static AdministrationScope? ScopeOf(ScimRequestContext context, ResourceTypeDefinition resourceType) =>
        resourceType.Schema.Id == ScimSchemaUrns.User ? context.Scope : null;

    private static bool InScope(ScimRequestContext context, ResourceTypeDefinition resourceType, StoredResource resource) =>
        ScopeOf(context, resourceType)?.Covers(resource.Document) ?? true;

    private static ListRequest Scoped(ScimRequestContext context, ResourceTypeDefinition resourceType, ListRequest request) =>
        ScopeOf(context, resourceType) is { } scope ? request with { Filter = scope.Restrict(request.Filter) } : request;

    /// <summary>The store call returned, so a change that succeeded has committed with its audit entry: wake the tenant's polls.</summary>
    private void Committed(ScimRequestContext context, StoreOutcome outcome)
    {
        if (outcome == StoreOutcome.Ok)
        {
            changes?.Notify(context.Tenant);
        }
    }

    private AuditEntry Audit(
        ScimRequestContext context, string operation, ResourceTypeDefinition resourceType, string id, string? summary, ResourceChange change) => new()
    {
        Change = change,
        Tenant = context.Tenant,
        At = time.GetUtcNow(),
        Actor = context.Actor,
        Operation = operation,
        ResourceType = resourceType.Name,
        ResourceId = id,
        RequestId = context.RequestId,
        Summary = summary,
    };

    private static string? MembersSummary(IReadOnlyList<MemberEdge>? members) =>
        members is null ? null : $"members = {members.Count}";

    private static string? MembersSummary(MembershipChange change) =>
        change.IsEmpty ? null : change.ReplaceAll ? $"members = {change.Add.Count}" : $"members +{change.Add.Count} -{change.Remove.Count}";

    /// <summary>
    /// The error of a write whose members the store could not resolve (<paramref name="missing"/>, or looked up when
    /// null). A member whose <c>type</c> names the other resource type than its <c>value</c> is, or a group named as its
    /// own member, is told as such rather than as unknown.
    /// </summary>
    private async Task<ScimError> MissingMembersAsync(
        ScimRequestContext context, string? groupId, IReadOnlyList<MemberEdge> given, IReadOnlyList<string>? missing, CancellationToken cancellationToken)
    {
        missing ??= await store.FindMissingMembersAsync(context.Tenant, given, cancellationToken);
        if (missing.Count == 0)
        {
            return ScimError.InvalidValue("A member is not a user or group of this tenant.");
        }

        var problems = new List<string>();
        var unknown = new List<string>();
        foreach (var id in missing)
        {
            var declared = given.FirstOrDefault(m => m.MemberId == id)?.MemberType;
            if (id == groupId && declared is null or ScimResourceTypes.Group)
            {
                problems.Add($"'{id}' is this group: a group cannot be its own member.");
                continue;
            }

            var other = declared switch
            {
                ScimResourceTypes.User => ScimResourceTypes.Group,
                ScimResourceTypes.Group => ScimResourceTypes.User,
                _ => null,
            };
            if (other is not null && await store.GetAsync(context.Tenant, other, id, cancellationToken) is not null)
            {
                problems.Add($"'{id}' is a {other}, not a {declared}.");
            }
            else
            {
                unknown.Add(id);
            }
        }

        if (unknown.Count > 0)
        {
            problems.Add($"Not a user or group of this tenant: {string.Join(", ", unknown.Select(m => $"'{m}'"))}.");
        }

        return ScimError.InvalidValue(string.Join(" ", problems));
    }

    private StoredResource NewResource(ScimRequestContext context, ResourceTypeDefinition resourceType, ValidatedResource validated, DateTimeOffset now) => new()
    {
        Tenant = context.Tenant,
        ResourceType = resourceType.Name,
        Id = ResourceIds.Shared.Next(now),
        Version = 1,
        Created = now,
        LastModified = now,
        Document = validated.Document,
        UniqueKey = UniqueKeyOf(resourceType, validated.Document),
        ExternalId = validated.ExternalId,
        PasswordHash = validated.Password is { } password ? passwordHasher.Hash(password) : null,
    };

    /// <summary>The next version of <paramref name="existing"/> with a validated document (PUT and PATCH).</summary>
    private StoredResource Replacement(ResourceTypeDefinition resourceType, StoredResource existing, ValidatedResource validated, DateTimeOffset now) => existing with
    {
        Version = existing.Version + 1,
        LastModified = now,
        Document = validated.Document,
        UniqueKey = UniqueKeyOf(resourceType, validated.Document),
        ExternalId = validated.ExternalId,

        // password is write-only: a write without one keeps the one the user has (RFC 7643 §7 writeOnly).
        PasswordHash = validated.Password is { } password ? passwordHasher.Hash(password) : existing.PasswordHash,
    };

    /// <summary>The case-folded value of the resource type's server-unique string attribute (a user's userName).</summary>
    private static string? UniqueKeyOf(ResourceTypeDefinition resourceType, JObject document)
    {
        var unique = UniqueAttributeOf(resourceType);
        return unique is not null && document[unique.Name] is JValue { Type: JTokenType.String } value
            ? ScimText.Fold((string)value!)
            : null;
    }

    private static AttributeDefinition? UniqueAttributeOf(ResourceTypeDefinition resourceType) =>
        resourceType.Schema.Attributes.FirstOrDefault(a =>
            a.Uniqueness == Uniqueness.Server && !a.MultiValued && a.Type == AttributeType.String);

    /// <summary>A write computed from a read lost to another writer, and the client did not pin a version: read again.</summary>
    private static bool LostRace(StoreOutcome outcome, string? ifMatch, int attempt, int attempts) =>
        outcome == StoreOutcome.PreconditionFailed && ifMatch is null && attempt < attempts;

    private static ScimError WriteFailure(StoreOutcome outcome, ResourceTypeDefinition resourceType, StoredResource attempted) => outcome switch
    {
        StoreOutcome.NotFound => NotFound(resourceType, attempted.Id),
        StoreOutcome.Conflict => ConflictFor(resourceType, attempted),
        StoreOutcome.PreconditionFailed => VersionMismatch(resourceType, attempted.Id),
        _ => throw new InvalidOperationException($"Unexpected store outcome {outcome} on a write of {resourceType.Name} '{attempted.Id}'."),
    };

    private static ScimError ConflictFor(ResourceTypeDefinition resourceType, StoredResource resource)
    {
        var unique = UniqueAttributeOf(resourceType);
        var value = unique is null ? null : (string?)resource.Document[unique.Name];
        return ScimError.Conflict(unique is null
            ? $"A {resourceType.Name} with these unique values already exists."
            : $"{unique.Name} '{value}' is already taken in this tenant.");
    }

    private static ScimError NotFound(ResourceTypeDefinition resourceType, string id) =>
        ScimError.NotFound($"{resourceType.Name} '{id}' not found.");

    private static ScimError VersionMismatch(ResourceTypeDefinition resourceType, string id) =>
        new(HttpStatusCode.PreconditionFailed, null, $"{resourceType.Name} '{id}' has changed: its version does not match If-Match.");
}
