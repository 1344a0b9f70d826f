using ScimServer.Core.Projection;
using ScimServer.Core.Storage;

namespace ScimServer.Core.Resources;

/// <summary>
/// A planned list request: the store query, the attribute selection of the response, the signature a cursor must
/// carry (the sort it was made for), and the 1-based start index for index paging.
/// </summary>
internal sealed record ListQueryPlan(ResourceQuery Query, AttributeSelection Selection, string SortSignature, int StartIndex);
