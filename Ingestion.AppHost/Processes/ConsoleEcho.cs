using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Processes;

/// <summary>
/// Streams every child's output to the AppHost's console, each line prefixed with its
/// resource name (coloured per resource when the console is a terminal).
/// </summary>
public sealed class ConsoleEcho
{
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkYellow];

    private readonly Dictionary<string, ConsoleColor> _colors = [];
    private readonly Lock _lock = new();
    private readonly bool _colored = !Console.IsOutputRedirected;

    public void Attach(ProcessSupervisor supervisor) => supervisor.ConsoleLogWritten += Write;

    private void Write(ConsoleLogLine line)
    {
        lock (_lock)
        {
            if (!_colored)
            {
                Console.Out.WriteLine($"[{line.Resource}] {line.Text}");
                return;
            }

            if (!_colors.TryGetValue(line.Resource, out var color))
            {
                color = Palette[_colors.Count % Palette.Length];
                _colors[line.Resource] = color;
            }

            Console.ForegroundColor = color;
            Console.Out.Write($"[{line.Resource}] ");
            Console.ResetColor();
            Console.Out.WriteLine(line.Text);
        }
    }
}
