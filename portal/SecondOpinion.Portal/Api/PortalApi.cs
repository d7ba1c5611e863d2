using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Components.WebAssembly.Authentication;
using SecondOpinion.Portal.Auth;

namespace SecondOpinion.Portal.Api;

/// <summary>
/// The HTTP API as the portal calls it: JSON in and out, problems as <see cref="ApiProblem"/>, a
/// refused sign-in turned into <see cref="SessionState.Expired"/> instead of an error on the page.
/// </summary>
public sealed class PortalApi(HttpClient http, SessionState session)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Uri BaseAddress => http.BaseAddress!;

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default, IDictionary<string, string>? headers = null) =>
        SendAsync<T>(HttpMethod.Get, path, null, ct, headers);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken ct = default, IDictionary<string, string>? headers = null) =>
        SendAsync<T>(HttpMethod.Post, path, body, ct, headers);

    public Task<ApiResult<T>> PutAsync<T>(string path, object body, CancellationToken ct = default) =>
        SendAsync<T>(HttpMethod.Put, path, body, ct, null);

    private async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct, IDictionary<string, string>? headers)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        else if (method != HttpMethod.Get) request.Content = JsonContent.Create(new { }, options: Json);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (AccessTokenNotAvailableException e)
        {
            session.MarkExpired();
            e.Redirect();
            return new ApiResult<T>(default, new ApiProblem(401, "Please sign in again.", null, ApiProblem.NoErrors));
        }
        catch (HttpRequestException)
        {
            return new ApiResult<T>(default, ApiProblem.Unreachable());
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized) session.MarkExpired();
            if (!response.IsSuccessStatusCode) return new ApiResult<T>(default, await ApiProblem.ReadAsync(response, ct));
            var continuation = response.Headers.TryGetValues("X-Continuation-Token", out var values) ? values.FirstOrDefault() : null;
            if (typeof(T) == typeof(Unit) || response.StatusCode == HttpStatusCode.NoContent) return new ApiResult<T>(default, null, continuation);
            var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
            return new ApiResult<T>(value, null, continuation);
        }
    }
}

/// <summary>The type of a response whose body the portal does not read.</summary>
public readonly record struct Unit;
