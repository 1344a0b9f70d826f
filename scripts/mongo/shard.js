// Shards ScimServer's collections on a MongoDB sharded cluster, as ../../shared/DESIGN.md describes (scale-out):
// users, groups, members, audit and auditCounters on { tenant: 1 } — every unique index the store creates on them starts with
// tenant, which MongoDB requires of a unique index on a sharded collection — so a tenant lives on one shard and
// tenants spread across shards (pin a large tenant with zones). tokens, tenants, eventStreams and eventAcks stay unsharded.
// Run it once against a mongos, after the server has started once (it creates the collections and indexes):
//   mongosh "mongodb://mongos:27017" --eval 'const scimDatabase = "scim"' scripts/mongo/shard.js
// The list below is checked by ScimServer.Storage.MongoDb.Tests against MongoIndexes.Sharded.
const database = typeof scimDatabase === "string" ? scimDatabase : "scim";
const sharded = ["users", "groups", "members", "audit", "auditCounters"];

sh.enableSharding(database);
for (const collection of sharded) {
  sh.shardCollection(`${database}.${collection}`, { tenant: 1 });
  print(`${database}.${collection} sharded on { tenant: 1 }`);
}
