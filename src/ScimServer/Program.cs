using ScimServer.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddScimServer();

var app = builder.Build();
await app.Services.GetRequiredService<Bootstrapper>().RunAsync(app.Lifetime.ApplicationStopping);
app.MapScimServer();
await app.RunAsync();

/// <summary>The entry point; public and partial so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
