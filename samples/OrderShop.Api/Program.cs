using OrderShop.Api;

// Serves http://127.0.0.1:5080 (set Port=0 for any free port). The orders and the jobs share one database, so an
// order and its jobs commit together: ordershop.db by default (Database=PATH), or PostgreSQL with
// Postgres="Host=…;Username=…;Database=…" (jobs in schema JobsSchema, default conveyor; orders in the search path).
var app = await OrderShopApi.BuildAsync(args);
await app.RunAsync();
