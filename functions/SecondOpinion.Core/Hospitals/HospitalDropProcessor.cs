using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Hospitals;

public sealed record ManifestDocument(string? FileName, string? Sha256, string? ContentType);

/// <summary><c>manifest.json</c> of a hospital batch: the case form plus the list of files with their SHA-256.</summary>
public sealed record HospitalManifest(
    PatientInput? Patient,
    ConsentInput? Consent,
    string? Category,
    string? Question,
    string? CurrentDiagnosis,
    string? ProposedTreatment,
    string? Tier,
    IReadOnlyList<ManifestDocument>? Documents);

/// <summary>
/// Turns a complete hospital batch into a case. The hospital is the one the batch was granted to;
/// a folder nobody was granted is quarantined. Each file gets the checks a patient upload gets
/// (size cap, file signature) and the SHA-256 is of the exact bytes copied: the copy is conditioned
/// on the ETag that was hashed. Idempotent: the batch id fixes the case id, and a finished batch is
/// never processed again. A bad batch is moved to quarantine with a reason and escalated; a good
/// one's files leave the inbox once they are the case's records, so the inbox only holds open work.
/// </summary>
public sealed class HospitalDropProcessor(IBatchRepository batches, ICaseRepository cases, IFileStore files, ICaseWorkflowClient workflow,
    HospitalRegistry registry, EscalationService escalations, AuditLog audit, DeadlinePolicy deadlines, BusinessCalendars calendars,
    HospitalDropOptions options, TimeProvider clock, ILogger<HospitalDropProcessor> log)
{
    /// <summary>
    /// Batch folders in the inbox now, from any blob path under <c>{hospitalId}/{batchId}/</c>. Finished
    /// batches move out of the inbox, so this lists work waiting, not history. The local host's
    /// stand-in for blob events.
    /// </summary>
    public async Task<IReadOnlyList<(string HospitalId, string BatchId)>> ListInboxFoldersAsync(CancellationToken ct = default)
    {
        var blobs = await files.ListAsync(BlobLayout.HospitalInboxContainer, "", ct);
        return blobs.Select(b => b.Path.Split('/')).Where(p => p.Length >= 3).Select(p => (p[0], p[1])).Distinct().ToList();
    }

    /// <summary>
    /// The sweep: every batch still open is checked again (a listed file that never arrives raises no
    /// blob event). Reads the open list only, never the inbox or finished batches.
    /// </summary>
    public async Task<int> SweepOpenBatchesAsync(CancellationToken ct = default)
    {
        var swept = 0;
        var page = new PageRequest(PageRequest.MaxSize);
        while (true)
        {
            var open = await batches.OpenAsync(page, ct);
            foreach (var batch in open.Items)
            {
                try
                {
                    await ProcessAsync(batch.HospitalId, batch.BatchId, ct);
                    swept++;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One broken batch must not stop the sweep for the others; the next sweep retries it.
                    log.LogWarning("Sweeping hospital batch {HospitalId}/{BatchId} failed ({ErrorType})", batch.HospitalId, batch.BatchId, ex.GetType().Name);
                }
            }
            if (open.ContinuationToken is null) return swept;
            page = page with { ContinuationToken = open.ContinuationToken };
        }
    }

    public static bool TryParseBatchPath(string blobPath, out string hospitalId, out string batchId)
    {
        var parts = blobPath.Split('/');
        (hospitalId, batchId) = parts.Length >= 3 ? (parts[0], parts[1]) : ("", "");
        return parts.Length >= 3 && hospitalId.Length > 0 && batchId.Length > 0;
    }

    public async Task<HospitalBatch> ProcessAsync(string hospitalFolder, string batchId, CancellationToken ct = default)
    {
        var recordId = HospitalBatch.RecordId(hospitalFolder, batchId);
        var now = clock.GetUtcNow();
        var stored = await batches.FindAsync(hospitalFolder, batchId, ct);
        if (stored is null)
        {
            // A folder with no grant of its own: recorded (so it is handled once), then quarantined below.
            await batches.TryCreateAsync(new HospitalBatch(recordId, hospitalFolder, batchId, BatchStatus.Waiting, now), ct);
            stored = (await batches.FindAsync(hospitalFolder, batchId, ct))!;
        }
        if (stored.Value.Status != BatchStatus.Waiting)
        {
            // Files written after the batch was finished are not part of any case: out of the inbox, kept in quarantine.
            if (await files.AnyAsync(BlobLayout.HospitalInboxContainer, BlobLayout.BatchPrefix(hospitalFolder, batchId), ct))
            {
                // Written after the batch was finished, or left by a crash before its inbox was cleaned:
                // no case takes them now, and nothing a hospital sent is thrown away unseen.
                await CopyToQuarantineAsync(stored.Value, ct);
                await DeleteFromInboxAsync(stored.Value, ct);
            }
            await batches.CloseAsync(stored.Value, ct);
            return stored.Value;
        }
        if (stored.Value.Grant is null)
        {
            // Either nobody asked for this batch id, or it was granted to another hospital and this
            // folder is someone writing outside their grant.
            var grantedElsewhere = (await batches.ForBatchIdAsync(batchId, ct)).Any(b => b.Grant is not null);
            return grantedElsewhere
                ? await QuarantineAsync(stored.Value, stored.ETag, QuarantineReasons.OutsideGrant, $"Batch {batchId} was granted to another hospital, not to the folder '{hospitalFolder}'.", ct)
                : await QuarantineAsync(stored.Value, stored.ETag, QuarantineReasons.UnknownBatch, "No batch was granted for this folder (ask POST /api/hospital/batches first).", ct);
        }
        var batch = stored.Value;
        var etag = stored.ETag;
        if (batch.FirstSeenAt is null)
        {
            if (!await files.AnyAsync(BlobLayout.HospitalInboxContainer, BlobLayout.BatchPrefix(hospitalFolder, batchId), ct))
            {
                // Granted but nothing written yet: wait until the grant ends, then close it quietly.
                if (now < batch.Grant!.ExpiresAt + options.MissingFilesDeadline) return batch;
                var abandoned = await FinishAsync(batch with { Status = BatchStatus.Abandoned }, etag, ct);
                if (abandoned.Status == BatchStatus.Abandoned) await batches.CloseAsync(abandoned, ct);
                return abandoned;
            }
            batch = batch with { FirstSeenAt = now };
            etag = await batches.ReplaceAsync(batch, etag, ct);
        }

        var hospital = await registry.FindAsync(batch.HospitalId, ct);
        if (hospital is not { Active: true })
            return await QuarantineAsync(batch, etag, QuarantineReasons.UnknownHospital, $"Hospital '{batch.HospitalId}' is not registered or not active.", ct);

        var manifestJson = await files.ReadTextAsync(BlobLayout.HospitalInboxContainer, BlobLayout.BatchManifest(hospital.Id, batchId), ct);
        if (manifestJson is null) return await WaitOrQuarantineAsync(batch, etag, "manifest.json has not arrived.", ct);

        HospitalManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<HospitalManifest>(manifestJson, SecondOpinionJson.Options); }
        catch (JsonException ex) { return await QuarantineAsync(batch, etag, QuarantineReasons.MalformedManifest, $"manifest.json is not valid JSON (line {ex.LineNumber + 1}).", ct); }
        if (manifest is null) return await QuarantineAsync(batch, etag, QuarantineReasons.MalformedManifest, "manifest.json is empty.", ct);

        var (valid, errors) = CaseRequestValidator.Validate(
            new CreateCaseRequest(manifest.Patient, manifest.Consent, manifest.Category, manifest.Question, manifest.CurrentDiagnosis, manifest.ProposedTreatment, manifest.Tier),
            DateOnly.FromDateTime(now.UtcDateTime));
        var documentErrors = ValidateDocuments(manifest.Documents);
        if (valid is null || documentErrors.Count > 0)
        {
            var fields = (valid is null ? errors.ToDictionary().Keys : []).Concat(documentErrors);
            return await QuarantineAsync(batch, etag, QuarantineReasons.MalformedManifest, $"manifest.json has invalid fields: {string.Join(", ", fields)}.", ct);
        }
        var listed = manifest.Documents!;
        var notGranted = listed.Where(d => !batch.Grant!.Files.Contains(d.FileName!, StringComparer.Ordinal)).Select(d => d.FileName!).ToList();
        if (notGranted.Count > 0)
            return await QuarantineAsync(batch, etag, QuarantineReasons.OutsideGrant, $"manifest.json lists {notGranted.Count} file(s) the batch was not granted.", ct);

        var checkedFiles = new List<(ManifestDocument Document, StoredFile File)>();
        var missing = new List<string>();
        for (var i = 0; i < listed.Count; i++)
        {
            var doc = listed[i];
            var path = $"{BlobLayout.BatchPrefix(hospital.Id, batchId)}{doc.FileName}";
            var info = await files.GetInfoAsync(BlobLayout.HospitalInboxContainer, path, ct);
            // File names can carry patient names: reasons name documents by their place in the manifest.
            if (info is null) { missing.Add($"documents[{i}]"); continue; }
            if (info.Size > AcceptedDocuments.MaxBytes)
                return await QuarantineAsync(batch, etag, QuarantineReasons.FileTooLarge, $"documents[{i}] is larger than {AcceptedDocuments.MaxBytes / (1024 * 1024)} MiB.", ct);
            var type = ContentTypeOf(doc);
            try
            {
                await using var content = await files.OpenReadIfUnchangedAsync(BlobLayout.HospitalInboxContainer, path, info.ETag!, ct);
                await using var inspecting = await InspectingStream.OpenAsync(content, AcceptedDocuments.MaxBytes, ct: ct);
                if (inspecting.Head.Length == 0 || !AcceptedDocuments.MatchesSignature(type, inspecting.Head))
                    return await QuarantineAsync(batch, etag, QuarantineReasons.WrongFileType, $"documents[{i}] is not a valid {type} file.", ct);
                await inspecting.CopyToAsync(Stream.Null, ct);
                if (!string.Equals(inspecting.Sha256Hex(), doc.Sha256, StringComparison.OrdinalIgnoreCase))
                    return await QuarantineAsync(batch, etag, QuarantineReasons.ChecksumMismatch, $"documents[{i}]: SHA-256 does not match the manifest.", ct);
            }
            catch (FileChangedException)
            {
                return batch; // still being written: the next event or sweep looks again
            }
            checkedFiles.Add((doc, info));
        }
        if (missing.Count > 0) return await WaitOrQuarantineAsync(batch, etag, $"Missing files: {string.Join(", ", missing)}.", ct);

        CaseFile caseFile;
        try
        {
            caseFile = await CreateCaseAsync(hospital, batch, valid!, checkedFiles, ct);
        }
        catch (FileChangedException)
        {
            return batch; // a file was replaced after it was hashed: check it again next time
        }
        var accepted = await FinishAsync(batch with { Status = BatchStatus.Accepted, CaseId = caseFile.Id }, etag, ct);
        // The records are the case's now; the hospital's copies leave the inbox.
        if (accepted.Status == BatchStatus.Accepted)
        {
            await DeleteFromInboxAsync(accepted, ct);
            await batches.CloseAsync(accepted, ct);
        }
        if (accepted.Status == BatchStatus.Accepted && accepted.CaseId == caseFile.Id)
            await audit.RecordAsync(new Caller(hospital.Id, Roles.Hospital), new AuditEvent(AuditActions.BatchAccepted, $"hospital-inbox/{BlobLayout.BatchPrefix(hospital.Id, batchId)}", CaseId: caseFile.Id,
                Detail: $"{checkedFiles.Count} record(s)"), ct);
        log.LogInformation("Hospital batch {HospitalId}/{BatchId} became case {CaseId}", hospital.Id, batchId, caseFile.Id);
        return accepted;
    }

    /// <summary>
    /// Records the batch's final state only if nobody else finished it meanwhile (two blob events for
    /// one batch can run at once); the state that won is returned.
    /// </summary>
    private async Task<HospitalBatch> FinishAsync(HospitalBatch finished, string etag, CancellationToken ct)
    {
        try
        {
            await batches.ReplaceAsync(finished, etag, ct);
            return finished;
        }
        catch (ConcurrencyConflictException)
        {
            return (await batches.FindAsync(finished.HospitalId, finished.BatchId, ct))!.Value;
        }
    }

    private async Task CopyToQuarantineAsync(HospitalBatch batch, CancellationToken ct)
    {
        foreach (var blob in await files.ListAsync(BlobLayout.HospitalInboxContainer, BlobLayout.BatchPrefix(batch.HospitalId, batch.BatchId), ct))
            await files.CopyAsync(BlobLayout.HospitalInboxContainer, blob.Path, BlobLayout.QuarantineContainer, blob.Path, ct);
    }

    /// <summary>A finished batch leaves the inbox (its files are the case's records now, or in quarantine).</summary>
    private async Task DeleteFromInboxAsync(HospitalBatch batch, CancellationToken ct)
    {
        foreach (var blob in await files.ListAsync(BlobLayout.HospitalInboxContainer, BlobLayout.BatchPrefix(batch.HospitalId, batch.BatchId), ct))
            await files.DeleteAsync(BlobLayout.HospitalInboxContainer, blob.Path, ct);
    }

    private static string ContentTypeOf(ManifestDocument doc) => AcceptedDocuments.Normalize(doc.ContentType ?? AcceptedDocuments.FromFileName(doc.FileName!)!);

    private static List<string> ValidateDocuments(IReadOnlyList<ManifestDocument>? documents)
    {
        var errors = new List<string>();
        if (documents is null || documents.Count == 0) { errors.Add("documents"); return errors; }
        for (var i = 0; i < documents.Count; i++)
        {
            var d = documents[i];
            if (d is null) { errors.Add($"documents[{i}]"); continue; }
            if (!HospitalBatchService.IsAcceptableFileName(d.FileName)) errors.Add($"documents[{i}].fileName");
            if (d.Sha256 is null || d.Sha256.Length != 64 || !d.Sha256.All(Uri.IsHexDigit)) errors.Add($"documents[{i}].sha256");
            var type = d.ContentType ?? (d.FileName is null ? null : AcceptedDocuments.FromFileName(d.FileName));
            if (type is null || !AcceptedDocuments.IsAccepted(type)) errors.Add($"documents[{i}].contentType");
        }
        if (documents.Where(d => d is not null).Select(d => d.FileName).Distinct(StringComparer.Ordinal).Count() != documents.Count(d => d is not null)) errors.Add("documents (duplicate file names)");
        return errors;
    }

    private async Task<CaseFile> CreateCaseAsync(Hospital hospital, HospitalBatch batch, ValidatedCase valid, IReadOnlyList<(ManifestDocument Document, StoredFile File)> listed, CancellationToken ct)
    {
        // Deterministic ids: a crash halfway and a second run produce the same case and documents.
        var caseId = "h" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(batch.Id)))[..16].ToLowerInvariant();
        var now = clock.GetUtcNow();
        var documents = new List<CaseDocument>();
        for (var i = 0; i < listed.Count; i++)
        {
            var (doc, file) = listed[i];
            var documentId = $"d{i + 1:D2}";
            await files.CopyIfUnchangedAsync(BlobLayout.HospitalInboxContainer, file.Path, file.ETag!, BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseId, documentId), ct);
            documents.Add(new CaseDocument(documentId, doc.FileName!, ContentTypeOf(doc), file.Size, doc.Sha256!.ToLowerInvariant(), now, hospital.Id));
        }
        var caseFile = CaseFile.Open(caseId, CaseSource.Hospital, hospital.Id, hospital.Id, valid, now,
            $"Case created from hospital batch {batch.BatchId} with {documents.Count} record(s).") with
        {
            RecordsCompletedAt = now,
            DueAt = DeadlinePolicy.For(valid.Tier, deadlines).CaseDueAt(valid.Tier, now, calendars.For(valid.Patient.Jurisdiction)),
            Documents = documents,
        };
        // case.created is announced by the case's workflow, once it runs.
        await cases.TryCreateAsync(caseFile, ct);
        var stored = (await cases.FindAsync(caseId, ct))!;
        await workflow.StartAsync(new CaseWorkflowInput(caseId, valid.Tier, DeadlinePolicy.For(valid.Tier, deadlines), RecordsAlreadyComplete: true, stored.RecordsCompletedAt,
            calendars.For(valid.Patient.Jurisdiction)), ct);
        return stored;
    }

    private async Task<HospitalBatch> WaitOrQuarantineAsync(HospitalBatch batch, string etag, string detail, CancellationToken ct)
    {
        if (clock.GetUtcNow() - (batch.FirstSeenAt ?? clock.GetUtcNow()) < options.MissingFilesDeadline) return batch;
        return await QuarantineAsync(batch, etag, QuarantineReasons.FilesMissing, $"{detail} Deadline of {options.MissingFilesDeadline} passed.", ct);
    }

    private async Task<HospitalBatch> QuarantineAsync(HospitalBatch batch, string etag, string reason, string detail, CancellationToken ct)
    {
        var prefix = BlobLayout.BatchPrefix(batch.HospitalId, batch.BatchId);
        await CopyToQuarantineAsync(batch, ct);
        var now = clock.GetUtcNow();
        await files.UploadTextAsync(BlobLayout.QuarantineContainer, BlobLayout.QuarantineReason(batch.HospitalId, batch.BatchId),
            SecondOpinionJson.Serialize(new QuarantineReason(batch.HospitalId, batch.BatchId, reason, detail, now)), "application/json", ct);
        // Raised while the batch is still open: if raising (or its event) fails, the next event or
        // sweep finds the batch open and raises it again under the same id.
        await escalations.RaiseAsync($"{batch.BatchId}-quarantined", batch.BatchId, EscalationReasons.QuarantinedBatch,
            $"Batch {batch.BatchId} from {batch.HospitalId} quarantined: {reason}.", ct);
        var quarantined = await FinishAsync(batch with { Status = BatchStatus.Quarantined, Reason = reason }, etag, ct);
        if (quarantined.Status != BatchStatus.Quarantined) return quarantined;
        await DeleteFromInboxAsync(quarantined, ct);
        await batches.CloseAsync(quarantined, ct);
        await audit.RecordAsync(Caller.System, new AuditEvent(AuditActions.BatchQuarantined, $"hospital-inbox/{prefix}", AuditOutcome.Success, Detail: reason), ct);
        log.LogWarning("Hospital batch {HospitalId}/{BatchId} quarantined: {Reason}", batch.HospitalId, batch.BatchId, reason);
        return quarantined;
    }
}
