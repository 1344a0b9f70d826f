using MongoDB.Bson;

namespace ScimServer.Storage.MongoDb;

/// <summary>
/// What the server a connection string reaches can do, read from its <c>hello</c> reply. The store writes a resource,
/// its edges and its audit entry in one multi-document transaction, which only a replica set member (<c>setName</c>)
/// or a mongos (<c>msg: "isdbgrid"</c>) offers; a standalone server fails each such write, so start-up refuses it.
/// </summary>
internal static class MongoDeployment
{
    /// <summary>Null when the deployment runs transactions; otherwise what is wrong and how to fix it.</summary>
    public static string? TransactionSupportError(BsonDocument hello)
    {
        ArgumentNullException.ThrowIfNull(hello);
        if (hello.TryGetValue("setName", out var setName) && setName.IsString && setName.AsString.Length > 0)
        {
            return null;
        }

        if (hello.TryGetValue("msg", out var msg) && msg.IsString && msg.AsString == "isdbgrid")
        {
            return null;
        }

        return "The MongoDB server at ConnectionStrings:MongoDb is a standalone server: the store needs a replica set "
            + "(one node is enough: start mongod with --replSet rs0, run rs.initiate(), and add ?replicaSet=rs0 to the "
            + "connection string) or a sharded cluster, because it writes a change, its membership edges and its audit "
            + "entry in one transaction.";
    }
}
