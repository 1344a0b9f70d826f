using Spectre.Console;

namespace ScimServer.Cli.Output;

/// <summary>A progress bar with count, rate and remaining time around a long-running send.</summary>
internal static class ProgressDisplay
{
    public static Task<T> RunAsync<T>(IAnsiConsole console, string description, int total, string unit, Func<Action<int>, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new RowsPerSecondColumn(unit),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: Math.Max(total, 1));
                var result = await work(done => task.Increment(done));
                task.Value = task.MaxValue;
                return result;
            });
}
