using BenchmarkDotNet.Running;
using ScimServer.Benchmarks.Baseline;
using ScimServer.Benchmarks.Load;

switch (args.FirstOrDefault())
{
    case "load":
        return await LoadBenchmark.RunAsync(args[1..]);
    case "events":
        return await EventsBenchmark.RunAsync(args[1..]);
    case "baseline":
        await BaselineServer.RunAsync(args[1..]);
        return 0;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
}

/// <summary>
/// The benchmark entry point: <c>dotnet run -c Release --project tests/ScimServer.Benchmarks -- --filter '*'</c> for
/// BenchmarkDotNet; <c>scripts/loadbench</c> for the HTTP load benchmark (modes <c>load</c> and <c>baseline</c>).
/// </summary>
public partial class Program;
