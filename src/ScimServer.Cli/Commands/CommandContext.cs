using System.CommandLine;
using ScimServer.Cli.Csv;
using ScimServer.Cli.Http;
using Spectre.Console;

namespace ScimServer.Cli.Commands;

/// <summary>What a command handler needs: the console, the parsed options, and clients for the server.</summary>
internal sealed class CommandContext(IAnsiConsole console, TextWriter error, ParseResult parse, GlobalOptions global) : IDisposable
{
    private HttpClient? _http;

    public IAnsiConsole Console => console;

    public ParseResult Parse => parse;

    public T Get<T>(Option<T> option) => parse.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => parse.GetValue(argument)!;

    public ScimApi Scim() => new(Http());

    public AdminApi Admin() => new(Http());

    public void Error(string message) => error.WriteLine(message);

    public void Dispose() => _http?.Dispose();

    private HttpClient Http()
    {
        if (_http is not null)
        {
            return _http;
        }

        var url = GlobalOptions.ServerRoot(parse.GetValue(global.Url) ?? Environment.GetEnvironmentVariable(GlobalOptions.UrlVariable));
        var token = parse.GetValue(global.Token) ?? Environment.GetEnvironmentVariable(GlobalOptions.TokenVariable);
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new UsageException("Say which server: --url http://host:port (or set SCIMCTL_URL).");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new UsageException("Say which token: --token <bearer token> (or set SCIMCTL_TOKEN).");
        }

        _http = JsonApi.CreateHttpClient(url, token);
        return _http;
    }

    /// <summary>Runs a handler, turning the expected failures into messages and exit codes.</summary>
    public static async Task<int> RunAsync(
        IAnsiConsole console, TextWriter error, ParseResult parse, GlobalOptions global, Func<CommandContext, Task<int>> handler)
    {
        using var context = new CommandContext(console, error, parse, global);
        try
        {
            return await handler(context);
        }
        catch (UsageException e)
        {
            context.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (CsvFileException e)
        {
            context.Error(e.Message);
            return ExitCodes.Usage;
        }
        catch (ServerFailureException e)
        {
            context.Error(e.Message);
            return e.Status == System.Net.HttpStatusCode.BadRequest ? ExitCodes.Usage
                : e.IsClientError ? ExitCodes.SomeFailed
                : ExitCodes.ServerFailure;
        }
    }
}
