using Microsoft.Extensions.Logging;

namespace Ingestion.Tests.Support;

/// <summary>The dashboard's warnings and errors, written to the running test's output so a failure shows its cause.</summary>
public sealed class TestOutputLoggerProvider : ILoggerProvider
{
    public static ILoggerFactory Factory() => LoggerFactory.Create(builder => builder.AddProvider(new TestOutputLoggerProvider()).SetMinimumLevel(LogLevel.Warning));

    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(categoryName);

    public void Dispose()
    {
    }

    private sealed class TestOutputLogger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        // Kestrel's threads don't carry the test's context: then standard error it is.
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = $"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : Environment.NewLine + exception)}";
            if (TestContext.Current.TestOutputHelper is { } output)
            {
                output.WriteLine(text);
            }
            else
            {
                Console.Error.WriteLine(text);
            }
        }
    }
}
