using System.Text.Json;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// Resources of one type read for one response, with their membership values, written one at a time so that the
/// caller can hand each to the network before the next: a page of 100 never exists as one object.
/// </summary>
public sealed class ResourcePage(ResourceJsonWriter writer, IReadOnlyList<StoredResource> resources, MembershipValues? membership)
{
    public int Count => resources.Count;

    public void Write(Utf8JsonWriter output, int index) => writer.Write(output, resources[index], membership);
}
