using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Http.Api;

/// <summary>
/// Streams an original record for a browser to show in the page: inline, under the name the caller
/// may see, with its stored type and no sniffing of another; never cached; and sandboxed, so a PDF or
/// an image opened in a frame cannot run script or reach the portal's origin.
/// </summary>
internal sealed class RecordFileResult(RecordFile file) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        await using var content = file.Content;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = file.ContentType;
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.ShownName);
        response.Headers.ContentDisposition = disposition.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentSecurityPolicy = "sandbox";
        await content.CopyToAsync(response.Body, httpContext.RequestAborted);
    }
}
