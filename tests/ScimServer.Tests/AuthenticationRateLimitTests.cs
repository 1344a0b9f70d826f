using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScimServer.Tests.Infrastructure;

namespace ScimServer.Tests;

/// <summary>Failed authentications are limited per client address (ASP.NET Core's rate limiter) and logged without the secret.</summary>
public sealed class AuthenticationRateLimitTests : IDisposable
{
    private readonly ScimServerFactory _factory = new();

    public AuthenticationRateLimitTests()
    {
        _factory.Settings["Scim:AuthFailureLimit"] = "3";
        _factory.Settings["Scim:AuthFailureWindowSeconds"] = "120";
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task After_the_limit_of_failed_authentications_the_address_gets_429_with_retry_after_and_a_scim_error()
    {
        var guesser = _factory.CreateScimClient("wrong-guess");
        for (var i = 0; i < 3; i++)
        {
            (await guesser.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        }

        var limited = await guesser.GetAsync("/Users");

        limited.ShouldBeError(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.Should().BeInRange(1, 120);
    }

    [Fact]
    public async Task A_limited_address_is_refused_even_with_the_right_token_so_a_guess_cannot_be_confirmed()
    {
        for (var i = 0; i < 3; i++)
        {
            await _factory.CreateScimClient("wrong-guess-" + i).GetAsync("/Users");
        }

        (await _factory.CreateScimClient().GetAsync("/Users")).ShouldBeError(HttpStatusCode.TooManyRequests);
        (await _factory.CreateScimClient(ScimServerFactory.AdminToken, "").GetAsync("/admin/tenants")).ShouldBeError(HttpStatusCode.TooManyRequests);
        (await _factory.CreateClient().GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "probes need no token");
    }

    [Fact]
    public async Task Requests_with_the_right_token_are_never_limited()
    {
        var client = _factory.CreateScimClient();
        for (var i = 0; i < 10; i++)
        {
            (await client.GetAsync("/Users")).ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_failed_authentication_is_logged_with_the_address_but_never_the_secret()
    {
        var logs = new CollectingLoggerProvider();
        var host = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var client = new ScimClient(host.CreateClient(), "secret-guess-4711", "/scim/v2");

        (await client.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);

        logs.Messages.Should().Contain(m => m.Contains("Failed authentication from", StringComparison.Ordinal) && m.Contains("/scim/v2/Users", StringComparison.Ordinal));
        logs.Messages.Should().NotContain(m => m.Contains("secret-guess-4711", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_limit_of_zero_turns_the_limiter_off()
    {
        using var factory = new ScimServerFactory();
        factory.Settings["Scim:AuthFailureLimit"] = "0";
        var guesser = factory.CreateScimClient("wrong-guess");
        for (var i = 0; i < 15; i++)
        {
            (await guesser.GetAsync("/Users")).ShouldBeError(HttpStatusCode.Unauthorized);
        }
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Collector(_messages);

        public void Dispose()
        {
        }

        private sealed class Collector(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
