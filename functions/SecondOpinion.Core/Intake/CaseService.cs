using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Intake;

/// <summary>What a patient does with a case over HTTP: create, upload records, submit, read.</summary>
public sealed class CaseService(ICaseRepository cases, IFileStore files, ICaseWorkflowClient workflow, AuditLog audit,
    DeadlinePolicy deadlines, CaseLimits limits, BusinessCalendars calendars, TimeProvider clock)
{
    public async Task<Outcome<CaseFile>> CreateAsync(Caller caller, CreateCaseRequest? request, string? idempotencyKey, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (valid, errors) = CaseRequestValidator.Validate(request, DateOnly.FromDateTime(now.UtcDateTime));
        if (valid is null) return new Outcome<CaseFile>.Invalid(errors.ToDictionary());

        var caseId = CaseIds.New();
        if (idempotencyKey is not null)
        {
            if (idempotencyKey.Length is 0 or > 200) return new Outcome<CaseFile>.Invalid(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Must be 1 to 200 characters."] });
            var requestHash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SecondOpinionJson.Serialize(request))));
            var keyId = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(idempotencyKey))).ToLowerInvariant();
            if (await cases.ClaimIdempotencyKeyAsync(caller.Subject, new IdempotencyClaim(keyId, caseId, requestHash), ct) is { } existing)
            {
                if (existing.RequestHash != requestHash)
                    return new Outcome<CaseFile>.Conflict("This Idempotency-Key was already used with a different request body.");
                var earlier = await cases.FindAsync(existing.CaseId, ct);
                if (earlier is not null)
                {
                    // The first attempt may have stored the case and failed before starting its workflow.
                    await workflow.StartAsync(new CaseWorkflowInput(earlier.Id, earlier.Tier, DeadlinePolicy.For(earlier.Tier, deadlines), RecordsAlreadyComplete: false,
                        Calendar: calendars.For(earlier.Patient.Jurisdiction)), ct);
                    await audit.RecordAsync(earlier.Id, caller, AuditActions.CaseRead, $"cases/{earlier.Id}", ct);
                    return new Outcome<CaseFile>.Ok(earlier, Created: false);
                }
                caseId = existing.CaseId; // the first attempt failed before storing the case: finish it now
            }
        }

        if (await CountOpenCasesAsync(caller.Subject, ct) >= limits.MaxOpenCasesPerPatient)
            return new Outcome<CaseFile>.Conflict($"You have {limits.MaxOpenCasesPerPatient} open cases, the most one patient may have at once; a new case can be opened when one is completed.");

        var caseFile = CaseFile.Open(caseId, CaseSource.Patient, caller.Subject, hospitalId: null, valid, now, "Case created; waiting for records.");
        await cases.AddToPatientAsync(caller.Subject, caseId, ct);
        if (await cases.TryCreateAsync(caseFile, ct))
            await audit.RecordAsync(caseId, caller, AuditActions.CaseCreate, $"cases/{caseId}", ct);
        await workflow.StartAsync(new CaseWorkflowInput(caseId, valid.Tier, DeadlinePolicy.For(valid.Tier, deadlines), RecordsAlreadyComplete: false,
            Calendar: calendars.For(valid.Patient.Jurisdiction)), ct);
        return new Outcome<CaseFile>.Ok(caseFile, Created: true);
    }

    private async Task<int> CountOpenCasesAsync(string subject, CancellationToken ct)
    {
        var open = 0;
        foreach (var id in await cases.CaseIdsOfPatientAsync(subject, ct))
            if (await cases.FindAsync(id, ct) is { } c && !c.Stage.IsClosed()) open++;
        return open;
    }

    /// <summary>
    /// The case if this caller may see it; otherwise not found (existence is not disclosed), and an
    /// attempt on somebody else's case is audited in that case's chain.
    /// </summary>
    public async Task<CaseFile?> FindVisibleAsync(Caller caller, string caseId, string action, CancellationToken ct = default)
    {
        if (!CaseIds.IsWellFormed(caseId)) return null;
        var caseFile = await cases.FindAsync(caseId, ct);
        if (caseFile is null) return null;
        if (CanSee(caller, caseFile)) return caseFile;
        await audit.RecordAsync(caller, new AuditEvent(action, $"cases/{caseId}", AuditOutcome.NotYours, CaseId: caseId), ct);
        return null;
    }

    public static bool CanSee(Caller caller, CaseFile caseFile) => caller.Role switch
    {
        Roles.Ops or Roles.Director => true,
        Roles.Patient => caseFile.Source == CaseSource.Patient && caseFile.OwnerSubject == caller.Subject,
        Roles.Hospital => caseFile.HospitalId == caller.Subject,
        _ => false,
    };

    public async Task<Outcome<CaseFile>> GetAsync(Caller caller, string caseId, CancellationToken ct = default)
    {
        var caseFile = await FindVisibleAsync(caller, caseId, AuditActions.CaseRead, ct);
        if (caseFile is null) return new Outcome<CaseFile>.NotFound($"No case {caseId} for this caller.");
        var action = caller.IsOperations && caller.Purpose is not null ? AuditActions.CaseIdentityRead : AuditActions.CaseRead;
        await audit.RecordAsync(caller, new AuditEvent(action, $"cases/{caseId}", CaseId: caseId), ct);
        return caseFile;
    }

    /// <summary>The caller's own cases, newest first: a patient's, or the ones a hospital referred. Paged.</summary>
    public async Task<Outcome<Page<CaseListItem>>> ListMineAsync(Caller caller, PageRequest page, CancellationToken ct = default)
    {
        if (CaseParties.For(caller) is not { } party) return new Outcome<Page<CaseListItem>>.Forbidden("Only patients and hospitals have a list of their own cases.");
        var listed = await cases.OfPartyAsync(party, page, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.CaseList, "cases", Detail: $"{listed.Items.Count} case(s)"), ct);
        var now = clock.GetUtcNow();
        return listed.Select(c => c.At(now));
    }

    /// <summary>
    /// An original record, for the case's patient, its referring hospital, or operations. The file can
    /// carry the patient's identity (a letterhead, a name in the scan), so operations need a declared
    /// purpose (<see cref="Caller.Purpose"/>), as for the identity in the case view; it is audited with it.
    /// </summary>
    public async Task<Outcome<RecordFile>> OpenDocumentAsync(Caller caller, string caseId, string documentId, CancellationToken ct = default)
    {
        var caseFile = await FindVisibleAsync(caller, caseId, AuditActions.DocumentRead, ct);
        if (caseFile is null) return new Outcome<RecordFile>.NotFound($"No case {caseId} for this caller.");
        // Looked up first, so the audit trail only ever names records that exist (document ids are the caller's input).
        if (RecordFiles.Find(caseFile, documentId) is not { } found)
            return new Outcome<RecordFile>.NotFound($"Case {caseId} has no record {documentId}.");
        var (document, index) = found;
        var resource = $"cases/{caseId}/documents/{document.Id}";
        if (caller.IsOperations && caller.Purpose is null)
        {
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.DocumentRead, resource, AuditOutcome.Forbidden, CaseId: caseId, Detail: "no purpose declared"), ct);
            return new Outcome<RecordFile>.Forbidden("An original record can show the patient's identity: say why you need it in an X-Purpose header (or ?purpose=), 3–200 characters; the read is audited with it.");
        }
        var file = await RecordFiles.OpenAsync(files, caseFile, document, document.FileName, ct);
        if (file is null) return new Outcome<RecordFile>.NotFound($"Record {documentId} is missing from storage.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.DocumentRead, resource, CaseId: caseId, Detail: $"record {index + 1}"), ct);
        return file;
    }

    public async Task<Outcome<CaseDocument>> UploadDocumentAsync(Caller caller, string caseId, string? fileName, string? contentType, Stream body, CancellationToken ct = default)
    {
        var caseFile = await FindVisibleAsync(caller, caseId, AuditActions.DocumentUpload, ct);
        if (caseFile is null || caller.Role != Roles.Patient) return new Outcome<CaseDocument>.NotFound($"No case {caseId} for this caller.");
        if (caseFile.Stage != CaseStage.Intake || caseFile.RecordsCompletedAt is not null)
            return new Outcome<CaseDocument>.Conflict("Records were already submitted; the case is under review.");
        if (caseFile.Documents.Count >= limits.MaxDocumentsPerCase)
            return new Outcome<CaseDocument>.Conflict($"A case holds at most {limits.MaxDocumentsPerCase} records; combine scans into one PDF, or ask operations for help.");

        var errors = new ValidationErrors();
        var cleanName = fileName is null ? null : Path.GetFileName(fileName.Replace('\\', '/')).Trim();
        if (string.IsNullOrWhiteSpace(cleanName) || cleanName.Length > 255) errors.Add("X-File-Name", "A file name (at most 255 characters) is required.");
        var type = string.IsNullOrWhiteSpace(contentType) || AcceptedDocuments.Normalize(contentType) == "application/octet-stream"
            ? (cleanName is null ? null : AcceptedDocuments.FromFileName(cleanName))
            : AcceptedDocuments.Normalize(contentType);
        if (errors.Any) return new Outcome<CaseDocument>.Invalid(errors.ToDictionary());
        if (type is null || !AcceptedDocuments.IsAccepted(type))
            return new Outcome<CaseDocument>.Unsupported($"Accepted record types: {string.Join(", ", AcceptedDocuments.ContentTypes)}.");

        var documentId = "d" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        await using var inspecting = await InspectingStream.OpenAsync(body, AcceptedDocuments.MaxBytes, ct: ct);
        if (inspecting.Head.Length == 0) return new Outcome<CaseDocument>.Invalid(new Dictionary<string, string[]> { ["body"] = ["The file is empty."] });
        if (!AcceptedDocuments.MatchesSignature(type, inspecting.Head))
            return new Outcome<CaseDocument>.Invalid(new Dictionary<string, string[]> { ["body"] = [$"The content is not a valid {type} file."] });
        try
        {
            await files.UploadAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseId, documentId), inspecting, type, ct);
        }
        catch (FileTooLargeException ex)
        {
            return new Outcome<CaseDocument>.TooLarge($"Records are limited to {ex.Limit / (1024 * 1024)} MiB each.");
        }

        var now = clock.GetUtcNow();
        var document = new CaseDocument(documentId, cleanName!, type, inspecting.BytesRead, inspecting.Sha256Hex(), now, caller.Subject);
        var stored = await cases.UpdateAsync(caseId, c => c.RecordsCompletedAt is not null || c.Stage != CaseStage.Intake || c.Documents.Count >= limits.MaxDocumentsPerCase ? c
            : (c with { Documents = [.. c.Documents, document] }).WithEvent($"Record {documentId} uploaded.", now, patientFacing: true), ct);
        if (!stored.Documents.Contains(document))
            return new Outcome<CaseDocument>.Conflict("Records were submitted (or the record limit was reached) while this file was uploading; it was not added to the case.");
        await audit.RecordAsync(caseId, caller, AuditActions.DocumentUpload, $"cases/{caseId}/documents/{documentId}", ct);
        return new Outcome<CaseDocument>.Ok(document, Created: true);
    }

    public async Task<Outcome<CaseFile>> SubmitAsync(Caller caller, string caseId, CancellationToken ct = default)
    {
        var caseFile = await FindVisibleAsync(caller, caseId, AuditActions.CaseSubmit, ct);
        if (caseFile is null || caller.Role != Roles.Patient) return new Outcome<CaseFile>.NotFound($"No case {caseId} for this caller.");
        if (caseFile.RecordsCompletedAt is not null && caseFile.Stage != CaseStage.Expired)
        {
            // Submitting twice changes nothing; only a first attempt that stopped before telling the
            // workflow is finished here.
            if (!caseFile.RecordsCompleteRaised) caseFile = await RaiseRecordsCompleteAsync(caseFile, ct);
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.CaseSubmit, $"cases/{caseId}", CaseId: caseId, Detail: "repeated; nothing changed"), ct);
            return caseFile;
        }
        if (caseFile.Stage != CaseStage.Intake) return new Outcome<CaseFile>.Conflict($"The case is {caseFile.Stage.ToString().ToLowerInvariant()}; records can no longer be submitted.");
        if (caseFile.Documents.Count == 0)
            return new Outcome<CaseFile>.Invalid(new Dictionary<string, string[]> { ["documents"] = ["Upload at least one record before submitting."] });

        var now = clock.GetUtcNow();
        var updated = await cases.UpdateAsync(caseId, c => c.RecordsCompletedAt is not null || c.Stage != CaseStage.Intake ? c
            : (c with { RecordsCompletedAt = now, DueAt = DeadlinePolicy.For(c.Tier, deadlines).CaseDueAt(c.Tier, now, calendars.For(c.Patient.Jurisdiction)) }).WithEvent("Records submitted; review pipeline started.", now, patientFacing: true), ct);
        if (updated.RecordsCompletedAt is null) return new Outcome<CaseFile>.Conflict($"The case is {updated.Stage.ToString().ToLowerInvariant()}; records can no longer be submitted.");
        updated = await RaiseRecordsCompleteAsync(updated, ct);
        await audit.RecordAsync(caseId, caller, AuditActions.CaseSubmit, $"cases/{caseId}", ct);
        return updated;
    }

    private async Task<CaseFile> RaiseRecordsCompleteAsync(CaseFile caseFile, CancellationToken ct)
    {
        await workflow.RaiseEventAsync(caseFile.Id, CaseEvents.RecordsComplete, new RecordsCompleted(caseFile.RecordsCompletedAt!.Value), ct);
        return await cases.UpdateAsync(caseFile.Id, c => c with { RecordsCompleteRaised = true }, ct);
    }

    public async Task<Outcome<(CaseFile Case, Stream Content, string ContentType)>> OpenReportAsync(Caller caller, string caseId, ReportFormat format, CancellationToken ct = default)
    {
        var action = format == ReportFormat.Json ? AuditActions.ReportRead : AuditActions.ReportDownload;
        var caseFile = await FindVisibleAsync(caller, caseId, action, ct);
        if (caseFile is null) return new Outcome<(CaseFile, Stream, string)>.NotFound($"No case {caseId} for this caller.");
        var path = format switch
        {
            ReportFormat.Html => caseFile.ReportHtmlPath,
            // Written with the JSON by the same step; the case records the JSON and HTML paths only.
            ReportFormat.Pdf => caseFile.ReportJsonPath is null ? null : BlobLayout.ReportPdf(caseId),
            _ => caseFile.ReportJsonPath,
        };
        if (path is null) return new Outcome<(CaseFile, Stream, string)>.NotFound($"The report for case {caseId} is not ready yet (stage: {caseFile.Stage.ToString().ToLowerInvariant()}).");
        var stream = await files.OpenReadAsync(BlobLayout.ReportsContainer, path, ct);
        if (stream is null)
            return new Outcome<(CaseFile, Stream, string)>.NotFound(format == ReportFormat.Pdf
                ? "This report has no PDF (it was written before PDF reports existed); ask for JSON or HTML."
                : "The report file is missing from storage.");
        await audit.RecordAsync(caseId, caller, action, $"{BlobLayout.ReportsContainer}/{path}", ct);
        return (caseFile, stream, format switch
        {
            ReportFormat.Html => "text/html; charset=utf-8",
            ReportFormat.Pdf => "application/pdf",
            _ => "application/json",
        });
    }
}
