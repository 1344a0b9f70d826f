using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>The benchmark entry point: <c>dotnet run -c Release --project tests/ScimServer.Benchmarks -- --filter '*'</c>.</summary>
public partial class Program;
