using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Http.Auth;

namespace SecondOpinion.Http.Api;

public sealed record CaseView(
    string Id,
    CaseSource Source,
    string Stage,
    string Tier,
    string Category,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RecordsCompletedAt,
    DateTimeOffset? DueAt,
    bool Late,
    PatientDetails? Patient,
    string Question,
    IReadOnlyList<CaseDocument> Documents,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<SeatView> Panel,
    string? ReportUrl,
    DateTimeOffset? CompletedAt)
{
    /// <summary>
    /// The case as <paramref name="caller"/> may see it (minimum necessary): the patient and the referring
    /// hospital see patient-facing timeline entries only; operations see the patient's identity only
    /// when the request declares a purpose (and that read is audited with it).
    /// </summary>
    public static CaseView From(CaseFile c, IReadOnlyList<Assignment> assignments, DateTimeOffset now, Caller caller)
    {
        // A file name can carry the patient's name: without a purpose, operations see "Record 2 (PDF, 3 pages)".
        var identityHidden = caller.IsOperations && caller.Purpose is null;
        return new(
            c.Id, c.Source, Lower(c.Stage), Lower(c.Tier), Lower(c.Category), c.CreatedAt, c.RecordsCompletedAt, c.DueAt,
            c.DueAt is { } due && (c.CompletedAt ?? now) > due,
            identityHidden ? null : c.Patient,
            c.Question,
            identityHidden ? c.Documents.Select((d, i) => d with { FileName = d.Label(i) }).ToList() : c.Documents,
            caller.IsOperations ? c.Timeline : c.Timeline.Where(t => t.PatientFacing).ToList(),
            (c.Panel?.Seats ?? []).Select(s => new SeatView(s.SeatId, s.Subspecialty,
                Lower(assignments.Where(a => a.SeatId == s.SeatId).OrderByDescending(a => a.OfferedAt).FirstOrDefault()?.Status))).ToList(),
            c.ReportJsonPath is null ? null : $"/api/cases/{c.Id}/report", c.CompletedAt);
    }

    private static string Lower<T>(T value) => value?.ToString()?.ToLowerInvariant() ?? "pending";
}

public sealed record SeatView(string SeatId, string Subspecialty, string Status);

/// <summary>Patient routes: <c>/api/cases…</c>.</summary>
public static class CasesApi
{
    /// <summary>Header (or query parameter) by which operations declare why they read a patient's identity.</summary>
    public const string PurposeHeader = "X-Purpose";

    public static Task<IResult> CreateCase(HttpContext http) => Endpoint.Authorized(http, Policies.Patient, async caller =>
    {
        var (body, problem) = await Endpoint.ReadJsonAsync<CreateCaseRequest>(http);
        if (problem is not null) return problem;
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var outcome = await http.Service<CaseService>().CreateAsync(caller, body, key, http.RequestAborted);
        return await ViewAsync(http, caller, outcome, (c, created) => created ? 201 : 200);
    }, Access.Write);

    public static Task<IResult> UploadDocument(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Patient, async caller =>
    {
        var request = http.Request;
        var service = http.Service<CaseService>();
        Outcome<CaseDocument> outcome;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
            if (string.IsNullOrEmpty(boundary)) return Problems.BadRequest("multipart/form-data needs a boundary.");
            try
            {
                var reader = new MultipartReader(boundary, request.Body);
                MultipartSection? section;
                while ((section = await reader.ReadNextSectionAsync(http.RequestAborted)) is not null)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                    outcome = await service.UploadDocumentAsync(caller, caseId, fileName, section.ContentType, section.Body, http.RequestAborted);
                    return Created(outcome, caseId);
                }
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException)
            {
                return Problems.BadRequest("The multipart body is malformed (truncated, or a boundary or header that is too long).");
            }
            return Problems.Invalid(new Dictionary<string, string[]> { ["file"] = ["The multipart body has no file part."] });
        }
        var name = request.Headers["X-File-Name"].FirstOrDefault();
        if (name is not null) name = Uri.UnescapeDataString(name);
        outcome = await service.UploadDocumentAsync(caller, caseId, name, request.ContentType, request.Body, http.RequestAborted);
        return Created(outcome, caseId);
    }, Access.Write);

    private static IResult Created(Outcome<CaseDocument> outcome, string caseId) =>
        Problems.From(outcome, (d, _) => Endpoint.Json(d, 201, $"/api/cases/{caseId}/documents/{d.Id}"));

    public static Task<IResult> Submit(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.Patient, async caller =>
        await ViewAsync(http, caller, await http.Service<CaseService>().SubmitAsync(caller, caseId, http.RequestAborted), (_, _) => 202), Access.Write);

    /// <summary>The caller's own cases, newest first: a patient's, or those a hospital referred; paged.</summary>
    public static Task<IResult> ListMine(HttpContext http) => Endpoint.Authorized(http, Policies.CaseOwners, async caller =>
    {
        var (page, problem) = Endpoint.ReadPage(http);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<CaseService>().ListMineAsync(caller, page!, http.RequestAborted), (p, _) => Endpoint.Paged(p));
    });

    public static Task<IResult> GetCase(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.CaseReaders, async caller =>
    {
        var (withPurpose, problem) = WithPurpose(http, caller);
        if (problem is not null) return problem;
        return await ViewAsync(http, withPurpose, await http.Service<CaseService>().GetAsync(withPurpose, caseId, http.RequestAborted), (_, _) => 200);
    });

    /// <summary>One original record, to show in the page: the patient, the referring hospital, or operations with a purpose.</summary>
    public static Task<IResult> GetDocument(HttpContext http, string caseId, string documentId) => Endpoint.Authorized(http, Policies.CaseReaders, async caller =>
    {
        var (withPurpose, problem) = WithPurpose(http, caller);
        if (problem is not null) return problem;
        return Problems.From(await http.Service<CaseService>().OpenDocumentAsync(withPurpose, caseId, documentId, http.RequestAborted), (f, _) => new RecordFileResult(f));
    });

    /// <summary>Operations' declared purpose (<see cref="PurposeHeader"/>) on the caller; a problem when it is too short or too long.</summary>
    private static (Caller Caller, IResult? Problem) WithPurpose(HttpContext http, Caller caller)
    {
        if (!caller.IsOperations || Purpose(http) is not { } purpose) return (caller, null);
        if (purpose.Length is < 3 or > 200)
            return (caller, Problems.Invalid(new Dictionary<string, string[]> { [PurposeHeader] = ["Say why you need the patient's identity (3–200 characters)."] }));
        return (caller with { Purpose = purpose }, null);
    }

    private static string? Purpose(HttpContext http) =>
        (http.Request.Headers[PurposeHeader].FirstOrDefault() ?? http.Request.Query["purpose"].FirstOrDefault())?.Trim() is { Length: > 0 } p ? p : null;

    public static Task<IResult> GetReport(HttpContext http, string caseId) => Endpoint.Authorized(http, Policies.CaseReaders, async caller =>
    {
        var outcome = await http.Service<CaseService>().OpenReportAsync(caller, caseId, ReportFormatFor(http.Request.Headers.Accept.ToString()), http.RequestAborted);
        return Problems.From(outcome, (r, _) => Results.Stream(r.Content, r.ContentType));
    });

    /// <summary>
    /// JSON unless the Accept header asks for HTML or PDF: HTML when it names text/html and not
    /// application/json (as before PDFs existed); PDF when it accepts application/pdf more strongly
    /// (q) than both of those, so a tie keeps JSON or HTML. Anything else gets JSON.
    /// </summary>
    public static ReportFormat ReportFormatFor(string accept)
    {
        var legacy = accept.Contains("text/html", StringComparison.OrdinalIgnoreCase) && !accept.Contains("application/json", StringComparison.OrdinalIgnoreCase)
            ? ReportFormat.Html : ReportFormat.Json;
        if (!MediaTypeHeaderValue.TryParseList([accept], out var types)) return legacy;
        double Quality(string mediaType) => types.Where(t => t.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Select(t => t.Quality ?? 1).DefaultIfEmpty(0).Max();
        var pdf = Quality("application/pdf");
        return pdf > 0 && pdf > Quality("application/json") && pdf > Quality("text/html") ? ReportFormat.Pdf : legacy;
    }

    private static async Task<IResult> ViewAsync(HttpContext http, Caller caller, Outcome<CaseFile> outcome, Func<CaseFile, bool, int> status)
    {
        if (outcome is not Outcome<CaseFile>.Ok ok) return Problems.From(outcome, (_, _) => Results.Empty);
        var assignments = await http.Service<IAssignmentRepository>().ForCaseAsync(ok.Value.Id, http.RequestAborted);
        var view = CaseView.From(ok.Value, assignments, http.Service<TimeProvider>().GetUtcNow(), caller);
        var code = status(ok.Value, ok.Created);
        return Endpoint.Json(view, code, code == 201 ? $"/api/cases/{view.Id}" : null);
    }
}
