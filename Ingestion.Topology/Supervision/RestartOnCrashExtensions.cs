using Aspire.Hosting.ApplicationModel;
using Ingestion.Topology.Supervision;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

public static class RestartOnCrashExtensions
{
    /// <summary>Starts the resource's process again, with back-off, whenever it crashes.</summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> resource, RestartBackoff? backoff = null)
        where T : IResource
    {
        resource.ApplicationBuilder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CrashRestarter>());
        return resource.WithAnnotation(new RestartOnCrashAnnotation(backoff ?? RestartBackoff.Default), ResourceAnnotationMutationBehavior.Replace);
    }
}
