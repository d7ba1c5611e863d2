using System.Net.Http.Json;
using System.Text.Json;

namespace SecondOpinion.Portal.Api;

/// <summary>An RFC 7807 problem from the API, with its field errors keyed by JSON path (<c>patient.email</c>).</summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    public static readonly IReadOnlyDictionary<string, string[]> NoErrors = new Dictionary<string, string[]>();

    /// <summary>The problem when the API could not be reached at all.</summary>
    public static ApiProblem Unreachable() => new(0, "The service cannot be reached.", "Check your connection and try again.", NoErrors);

    /// <summary>The messages for one field; matched without regard to case, as JSON paths are camelCase.</summary>
    public IReadOnlyList<string> For(string field) =>
        Errors.Where(e => string.Equals(e.Key, field, StringComparison.OrdinalIgnoreCase)).SelectMany(e => e.Value).ToList();

    /// <summary>What is not tied to a field the form shows: the detail, and field errors nobody displays.</summary>
    public IEnumerable<string> Unplaced(IEnumerable<string> shownFields)
    {
        var shown = shownFields.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Errors.Where(e => !shown.Contains(e.Key)).SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"));
    }

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var errors = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("errors", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in map.EnumerateObject())
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? field.Value.EnumerateArray().Select(v => v.ToString()).ToArray()
                        : [field.Value.ToString()];
            }
            return new ApiProblem(status, Text(body, "title") ?? response.ReasonPhrase ?? "The request failed.", Text(body, "detail"), errors);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            return new ApiProblem(status, response.ReasonPhrase ?? "The request failed.", null, NoErrors);
        }
    }

    private static string? Text(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>A call's outcome: the value, or the problem the API answered with.</summary>
public sealed record ApiResult<T>(T? Value, ApiProblem? Problem, string? ContinuationToken = null)
{
    public bool Ok => Problem is null;
}
