using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ScimServer.Cli.Output;

/// <summary>The progress rate in rows (or users) per second; Spectre's TransferSpeedColumn speaks in bytes.</summary>
internal sealed class RowsPerSecondColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? $"{speed.ToString("0", CultureInfo.InvariantCulture)} {unit}/s" : $"- {unit}/s", new Style(Color.Grey));
}
