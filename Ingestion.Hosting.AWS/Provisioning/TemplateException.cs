namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>
/// The template cannot be deployed as written: a syntax error, an unknown resource type or
/// intrinsic function, a bad parameter, a dependency cycle. The message names the culprit.
/// </summary>
public sealed class TemplateException(string message, Exception? inner = null) : Exception(message, inner);
