using System.Reflection;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Contract;

/// <summary>
/// The Functions app cannot run here, so its contract is checked by reading its compiled triggers:
/// the same HTTP routes as the local host, and a wrapper for every orchestrator and activity.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostParityTests(AzuriteFixture azurite)
{
    private sealed class FunctionsLoadContext(string path) : AssemblyLoadContext(isCollectible: true)
    {
        private readonly AssemblyDependencyResolver resolver = new(path);
        protected override Assembly? Load(AssemblyName name) => resolver.ResolveAssemblyToPath(name) is { } p ? LoadFromAssemblyPath(p) : null;
    }

    private sealed record FunctionTrigger(string Name, string Kind, string? Method, string? Route);

    private static IReadOnlyList<FunctionTrigger> ReadFunctionsApp()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var path = Path.Combine(RepoPaths.Root, "functions", "SecondOpinion.Functions", "bin", configuration, "net10.0", "SecondOpinion.Functions.dll");
        Assert.True(File.Exists(path), $"Build the Functions app first ({path}).");
        var context = new FunctionsLoadContext(path);
        try
        {
            var assembly = context.LoadFromAssemblyPath(path);
            var triggers = new List<FunctionTrigger>();
            foreach (var method in assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)))
            {
                var function = method.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "FunctionAttribute");
                if (function is null) continue;
                var name = (string)function.ConstructorArguments[0].Value!;
                foreach (var parameter in method.GetParameters())
                {
                    foreach (var attribute in parameter.GetCustomAttributesData())
                    {
                        switch (attribute.AttributeType.Name)
                        {
                            case "HttpTriggerAttribute":
                                var methods = attribute.ConstructorArguments.Skip(1).SelectMany(a => a.Value is IEnumerable<CustomAttributeTypedArgument> list ? list.Select(x => (string)x.Value!) : [(string)a.Value!]);
                                var route = attribute.NamedArguments.Single(n => n.MemberName == "Route").TypedValue.Value as string;
                                foreach (var m in methods) triggers.Add(new FunctionTrigger(name, "http", m.ToUpperInvariant(), "/api/" + route));
                                break;
                            case "OrchestrationTriggerAttribute": triggers.Add(new FunctionTrigger(name, "orchestration", null, null)); break;
                            case "ActivityTriggerAttribute": triggers.Add(new FunctionTrigger(name, "activity", null, null)); break;
                            case "BlobTriggerAttribute": triggers.Add(new FunctionTrigger(name, "blob", null, (string)attribute.ConstructorArguments[0].Value!)); break;
                            case "TimerTriggerAttribute": triggers.Add(new FunctionTrigger(name, "timer", null, null)); break;
                        }
                    }
                }
            }
            return triggers;
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task both_hosts_serve_the_same_http_routes()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var local = host.Host!.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText?.TrimEnd('/')}"))
            .Where(r => r.Contains(" /api/", StringComparison.Ordinal) && !r.Contains("/api/dev/", StringComparison.Ordinal)) // the API; dev tokens are local-only
            .ToHashSet();
        var functions = ReadFunctionsApp().Where(t => t.Kind == "http").Select(t => $"{t.Method} {t.Route}").ToHashSet();

        Assert.NotEmpty(local);
        Assert.Equal(local.Order(), functions.Order());
    }

    [Fact]
    public void every_orchestrator_and_activity_has_a_functions_wrapper_of_the_same_name()
    {
        var registered = typeof(CaseOrchestrator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && (Derives(t, typeof(TaskActivity<,>)) || Derives(t, typeof(TaskOrchestrator<,>))))
            .Select(t => (t.Name, Kind: Derives(t, typeof(TaskActivity<,>)) ? "activity" : "orchestration"))
            .ToHashSet();
        var wrapped = ReadFunctionsApp().Where(t => t.Kind is "activity" or "orchestration").Select(t => (t.Name, t.Kind)).ToHashSet();

        Assert.Equal(registered.Order(), wrapped.Order());
    }

    private static bool Derives(Type type, Type openGeneric)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (t.IsGenericType && t.GetGenericTypeDefinition() == openGeneric) return true;
        return false;
    }

    [Fact]
    public void the_functions_app_watches_the_hospital_inbox()
    {
        var triggers = ReadFunctionsApp();
        Assert.Contains(triggers, t => t.Kind == "blob" && t.Route!.StartsWith("hospital-inbox/", StringComparison.Ordinal));
        Assert.Contains(triggers, t => t.Kind == "timer");
    }

    [Fact]
    public async Task the_openapi_document_describes_every_route()
    {
        await using var host = new LocalHostRunner(azurite);
        await host.StartAsync();
        var document = await host.JsonAsync(HttpMethod.Get, "/openapi/v1.json", null);
        var paths = document.GetProperty("paths");
        var described = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}")).ToHashSet();
        var functions = ReadFunctionsApp().Where(t => t.Kind == "http").Select(t => $"{t.Method} {t.Route}");
        Assert.All(functions, route => Assert.Contains(route, described));
        Assert.True(paths.GetProperty("/api/cases").GetProperty("post").TryGetProperty("requestBody", out _));
        var directoryFilters = paths.GetProperty("/api/ops/specialists").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Subset(directoryFilters.ToHashSet(), new HashSet<string?> { "pageSize", "continuationToken", "subspecialty", "jurisdiction", "language", "available", "q" });
        var report = paths.GetProperty("/api/cases/{caseId}/report").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.Equal(["application/json", "application/pdf", "text/html"], report.EnumerateObject().Select(c => c.Name).Order());
        Assert.Equal("binary", report.GetProperty("application/pdf").GetProperty("schema").GetProperty("format").GetString());
        // An original record is a file of its stored type, never JSON; the own-cases list is paged.
        foreach (var original in new[] { "/api/cases/{caseId}/documents/{documentId}", "/api/assignments/{id}/documents/{documentId}" })
        {
            var content = paths.GetProperty(original).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.Equal(["application/pdf", "image/jpeg", "image/png", "image/tiff", "text/plain"], content.EnumerateObject().Select(c => c.Name).Order());
            Assert.All(content.EnumerateObject(), c => Assert.Equal("binary", c.Value.GetProperty("schema").GetProperty("format").GetString()));
        }
        var ownCases = paths.GetProperty("/api/cases").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Equal(["continuationToken", "pageSize"], ownCases.Order());
    }
}
