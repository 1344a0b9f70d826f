using System.Reflection;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace ScimServer.Storage.MongoDb.Tests;

/// <summary>
/// A MongoDB client with no server behind it: it records every collection call the store makes (collection, method,
/// the session passed, the filter or pipeline sent) and answers reads from <see cref="Answer"/>. Built on
/// <see cref="DispatchProxy"/> over the driver's own interfaces, so the store runs its real code against it.
/// </summary>
internal sealed class RecordingMongo
{
    public RecordingMongo()
    {
        var client = DispatchProxy.Create<IMongoClient, Proxy>();
        ((Proxy)(object)client).Handle = (method, args) => method.Name switch
        {
            nameof(IMongoClient.GetDatabase) => Database((string)args[0]!),
            nameof(IMongoClient.StartSessionAsync) => Task.FromResult(StartSession((ClientSessionOptions?)args[0])),
            nameof(IMongoClient.StartSession) => StartSession((ClientSessionOptions?)args[0]),
            "Dispose" => null,
            _ => throw new NotSupportedException($"IMongoClient.{method.Name}"),
        };
        Client = client;
    }

    public IMongoClient Client { get; }

    /// <summary>The sessions the store started, with their options.</summary>
    public List<(IClientSessionHandle Session, ClientSessionOptions? Options)> Sessions { get; } = [];

    /// <summary>Every collection call: collection, method, the session given (null: none), the filter or pipeline sent.</summary>
    public List<(string Collection, string Method, IClientSessionHandle? Session, BsonValue Sent)> Calls { get; } = [];

    /// <summary>The documents a read returns: given collection, method and what was sent.</summary>
    public Func<string, string, BsonValue, IReadOnlyList<BsonDocument>> Answer { get; set; } = (_, _, _) => [];

    private IClientSessionHandle StartSession(ClientSessionOptions? options)
    {
        var session = DispatchProxy.Create<IClientSessionHandle, Proxy>();
        ((Proxy)(object)session).Handle = (method, args) => method.Name switch
        {
            "Dispose" => null,
            "get_Options" => options,
            nameof(IClientSessionHandle.WithTransactionAsync) => RunTransaction(session, (Delegate)args[0]!, (CancellationToken)args[2]!),
            _ => method.ReturnType.IsValueType ? Activator.CreateInstance(method.ReturnType) : null,
        };
        Sessions.Add((session, options));
        return session;
    }

    /// <summary>The sessions a transaction ran in (its work is run once, as if it committed).</summary>
    public List<IClientSessionHandle> Transactions { get; } = [];

    private object? RunTransaction(IClientSessionHandle session, Delegate work, CancellationToken cancellationToken)
    {
        Transactions.Add(session);
        return work.DynamicInvoke(session, cancellationToken);
    }

    private IMongoDatabase Database(string name)
    {
        var database = DispatchProxy.Create<IMongoDatabase, Proxy>();
        ((Proxy)(object)database).Handle = (method, args) => method.Name switch
        {
            nameof(IMongoDatabase.GetCollection) => Collection(new CollectionNamespace(name, (string)args[0]!)),
            "get_DatabaseNamespace" => new DatabaseNamespace(name),
            _ => throw new NotSupportedException($"IMongoDatabase.{method.Name}"),
        };
        return database;
    }

    private IMongoCollection<BsonDocument> Collection(CollectionNamespace collectionNamespace)
    {
        var collection = DispatchProxy.Create<IMongoCollection<BsonDocument>, Proxy>();
        ((Proxy)(object)collection).Handle = (method, args) =>
        {
            switch (method.Name)
            {
                case "get_CollectionNamespace":
                    return collectionNamespace;
                case "get_DocumentSerializer":
                    return BsonDocumentSerializer.Instance;
                case "get_Settings":
                    return new MongoCollectionSettings();
                case nameof(IMongoCollection<BsonDocument>.FindAsync):
                case nameof(IMongoCollection<BsonDocument>.AggregateAsync):
                case nameof(IMongoCollection<BsonDocument>.CountDocumentsAsync):
                    var session = args.Length > 0 ? args[0] as IClientSessionHandle : null;
                    var sent = Render(args.First(a => a is FilterDefinition<BsonDocument> or PipelineDefinition<BsonDocument, BsonDocument>)!);
                    Calls.Add((collectionNamespace.CollectionName, method.Name, session, sent));
                    var documents = Answer(collectionNamespace.CollectionName, method.Name, sent);
                    return method.Name == nameof(IMongoCollection<BsonDocument>.CountDocumentsAsync)
                        ? Task.FromResult((long)documents.Count)
                        : Task.FromResult<IAsyncCursor<BsonDocument>>(new ListCursor(documents));
                case nameof(IMongoCollection<BsonDocument>.InsertOneAsync) when args[0] is IClientSessionHandle inserting:
                    Calls.Add((collectionNamespace.CollectionName, method.Name, inserting, (BsonDocument)args[1]!));
                    return Task.CompletedTask;
                case nameof(IMongoCollection<BsonDocument>.FindOneAndUpdateAsync) when args[0] is IClientSessionHandle updating:
                    var command = new BsonDocument
                    {
                        { "filter", Render(args[1]!) },
                        { "update", ((UpdateDefinition<BsonDocument>)args[2]!).Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry)) },
                    };
                    Calls.Add((collectionNamespace.CollectionName, method.Name, updating, command));
                    return Task.FromResult(Answer(collectionNamespace.CollectionName, method.Name, command).FirstOrDefault());
                default:
                    throw new NotSupportedException($"IMongoCollection.{method.Name}");
            }
        };
        return collection;
    }

    private static BsonValue Render(object sent) => sent switch
    {
        FilterDefinition<BsonDocument> filter => filter.Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry)),
        PipelineDefinition<BsonDocument, BsonDocument> pipeline => new BsonArray(
            pipeline.Render(new RenderArgs<BsonDocument>(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry)).Documents),
        _ => throw new NotSupportedException(sent.GetType().Name),
    };

    /// <summary>Forwards every call of the interface it stands for to <see cref="Handle"/>.</summary>
    public class Proxy : DispatchProxy
    {
        public Func<MethodInfo, object?[], object?> Handle { get; set; } = (method, _) => throw new NotSupportedException(method.Name);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => Handle(targetMethod!, args ?? []);
    }

    private sealed class ListCursor(IReadOnlyList<BsonDocument> documents) : IAsyncCursor<BsonDocument>
    {
        private bool read;

        public IEnumerable<BsonDocument> Current => documents;

        public bool MoveNext(CancellationToken cancellationToken = default)
        {
            var first = !read;
            read = true;
            return first;
        }

        public Task<bool> MoveNextAsync(CancellationToken cancellationToken = default) => Task.FromResult(MoveNext(cancellationToken));

        public void Dispose()
        {
        }
    }
}
