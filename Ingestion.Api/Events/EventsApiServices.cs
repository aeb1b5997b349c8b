using Ingestion.Api.Access;
using Ingestion.Api.Publishing;
using Ingestion.Api.Sources;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Events;

public sealed record EventsApiServices(
    SourceCatalogue Catalogue,
    EventRequestValidator Validator,
    EventPublisher Publisher,
    EventClock Clock,
    TimeProvider Time,
    IOptions<PublishingOptions> Publishing,
    SourceThrottle Throttle,
    ILoggerFactory LoggerFactory)
{
    public ILogger Logger { get; } = LoggerFactory.CreateLogger("Ingestion.Api.Events");
}
