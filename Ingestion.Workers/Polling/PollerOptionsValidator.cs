using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

internal sealed class PollerOptionsValidator : IValidateOptions<PollerOptions>
{
    // SQS limits for ReceiveMessage and ChangeMessageVisibility.
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    public ValidateOptionsResult Validate(string? name, PollerOptions options)
    {
        List<string> failures = [];
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                failures.Add($"{PollerOptions.SectionName}: {message}");
            }
        }

        Require(options.MaxMessages is >= 1 and <= 10, $"MaxMessages must be 1 to 10, not {options.MaxMessages}.");
        Require(options.WaitTimeSeconds is >= 0 and <= 20, $"WaitTimeSeconds must be 0 to 20, not {options.WaitTimeSeconds}.");
        Require(IsWholeSeconds(options.VisibilityTimeout) && options.VisibilityTimeout >= TimeSpan.FromSeconds(1) && options.VisibilityTimeout <= MaxVisibility,
            $"VisibilityTimeout must be whole seconds from 1 s to 12 h, not {options.VisibilityTimeout}.");
        Require(options.VisibilityExtensionThreshold > TimeSpan.Zero && options.VisibilityExtensionThreshold < options.VisibilityTimeout,
            "VisibilityExtensionThreshold must be positive and shorter than VisibilityTimeout.");
        // Otherwise a message can expire between two checks.
        Require(options.VisibilityExtensionInterval > TimeSpan.Zero && options.VisibilityExtensionInterval < options.VisibilityExtensionThreshold,
            "VisibilityExtensionInterval must be positive and shorter than VisibilityExtensionThreshold.");
        Require(options.Concurrency is >= 1 and <= 64, $"Concurrency must be 1 to 64, not {options.Concurrency}.");
        Require(options.EarlyEmptyReceivePause >= TimeSpan.Zero && options.EarlyEmptyReceivePause <= TimeSpan.FromSeconds(20),
            $"EarlyEmptyReceivePause must be 0 to 20 s, not {options.EarlyEmptyReceivePause}.");
        Require(options.MaxConcurrentGroups >= 1, $"MaxConcurrentGroups must be at least 1, not {options.MaxConcurrentGroups}.");
        Require(IsWholeSeconds(options.FailedMessageRetryDelay) && options.FailedMessageRetryDelay >= TimeSpan.Zero && options.FailedMessageRetryDelay <= MaxVisibility,
            $"FailedMessageRetryDelay must be whole seconds from 0 to 12 h, not {options.FailedMessageRetryDelay}.");
        Require(IsWholeSeconds(options.FailedMessageMaxRetryDelay) && options.FailedMessageMaxRetryDelay >= options.FailedMessageRetryDelay && options.FailedMessageMaxRetryDelay <= MaxVisibility,
            $"FailedMessageMaxRetryDelay must be whole seconds from FailedMessageRetryDelay to 12 h, not {options.FailedMessageMaxRetryDelay}.");
        Require(options.StoreOutageThreshold >= 1, $"StoreOutageThreshold must be at least 1, not {options.StoreOutageThreshold}.");
        Require(options.StoreProbeInterval > TimeSpan.Zero, "StoreProbeInterval must be positive.");
        Require(options.ShutdownGracePeriod > TimeSpan.Zero, "ShutdownGracePeriod must be positive.");
        Require(options.LivenessWaitMultiplier >= 1, $"LivenessWaitMultiplier must be at least 1, not {options.LivenessWaitMultiplier}.");

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsWholeSeconds(TimeSpan value) => value.Ticks % TimeSpan.TicksPerSecond == 0;
}
