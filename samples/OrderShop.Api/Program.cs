using OrderShop.Api;

// Serves http://127.0.0.1:5080 (set Port=0 for any free port); the orders and the jobs share ordershop.db (set Database=PATH).
var app = OrderShopApi.Build(args);
await app.RunAsync();
