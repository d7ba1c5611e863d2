using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Intake;

public sealed record Hospital(string Id, string Name, IReadOnlyList<string> Jurisdictions);

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

public enum BatchStatus { Waiting, Accepted, Quarantined }

public sealed record HospitalBatch(string Id, string HospitalId, string BatchId, BatchStatus Status, DateTimeOffset FirstSeenAt, string? CaseId = null, string? Reason = null);

public sealed record QuarantineReason(string HospitalId, string BatchId, string Reason, string Detail, DateTimeOffset At);

public sealed record HospitalDropOptions
{
    /// <summary>How long a batch with a manifest may wait for its listed files before quarantine.</summary>
    public TimeSpan MissingFilesDeadline { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Turns a complete hospital batch into a case. Idempotent: the batch id fixes the case id, and a
/// finished batch is never processed again. A bad batch is copied to quarantine with a reason and
/// escalated; the original files stay where the hospital put them.
/// </summary>
public sealed class HospitalDropProcessor(IDocumentStore store, CaseStore cases, IFileStore files, ICaseWorkflowClient workflow,
    EscalationService escalations, IEventPublisher events, DeadlinePolicy deadlines, HospitalDropOptions options, TimeProvider clock, ILogger<HospitalDropProcessor> log)
{

    /// <summary>Batch folders that exist in the inbox, from any blob path under <c>{hospitalId}/{batchId}/</c>.</summary>
    public async Task<IReadOnlyList<(string HospitalId, string BatchId)>> ListBatchesAsync(CancellationToken ct = default)
    {
        var blobs = await files.ListAsync(BlobLayout.HospitalInboxContainer, "", ct);
        return blobs.Select(b => b.Path.Split('/')).Where(p => p.Length >= 3).Select(p => (p[0], p[1])).Distinct().ToList();
    }

    public static bool TryParseBatchPath(string blobPath, out string hospitalId, out string batchId)
    {
        var parts = blobPath.Split('/');
        (hospitalId, batchId) = parts.Length >= 3 ? (parts[0], parts[1]) : ("", "");
        return parts.Length >= 3 && hospitalId.Length > 0 && batchId.Length > 0;
    }

    public async Task<HospitalBatch> ProcessAsync(string hospitalId, string batchId, CancellationToken ct = default)
    {
        var batchKey = $"{hospitalId}:{batchId}";
        var now = clock.GetUtcNow();
        await store.TryCreateAsync(Containers.Batches, hospitalId, batchKey, new HospitalBatch(batchKey, hospitalId, batchId, BatchStatus.Waiting, now), ct);
        var stored = (await store.ReadAsync<HospitalBatch>(Containers.Batches, hospitalId, batchKey, ct))!;
        if (stored.Value.Status != BatchStatus.Waiting) return stored.Value;
        var batch = stored.Value;
        var etag = stored.ETag;

        var hospital = (await store.ReadAsync<Hospital>(Containers.Hospitals, hospitalId, hospitalId, ct))?.Value;
        if (hospital is null) return await QuarantineAsync(batch, etag, "unknown-hospital", $"Hospital '{hospitalId}' is not registered.", ct);

        var manifestJson = await files.ReadTextAsync(BlobLayout.HospitalInboxContainer, BlobLayout.BatchManifest(hospitalId, batchId), ct);
        if (manifestJson is null) return await WaitOrQuarantineAsync(batch, etag, "manifest.json has not arrived.", ct);

        HospitalManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<HospitalManifest>(manifestJson, SecondOpinionJson.Options); }
        catch (JsonException ex) { return await QuarantineAsync(batch, etag, "malformed-manifest", $"manifest.json is not valid JSON (line {ex.LineNumber + 1}).", ct); }
        if (manifest is null) return await QuarantineAsync(batch, etag, "malformed-manifest", "manifest.json is empty.", ct);

        var (valid, errors) = CaseRequestValidator.Validate(
            new CreateCaseRequest(manifest.Patient, manifest.Consent, manifest.Category, manifest.Question, manifest.CurrentDiagnosis, manifest.ProposedTreatment, manifest.Tier),
            DateOnly.FromDateTime(now.UtcDateTime));
        var documentErrors = ValidateDocuments(manifest.Documents);
        if (valid is null || documentErrors.Count > 0)
        {
            var fields = (valid is null ? errors.ToDictionary().Keys : []).Concat(documentErrors);
            return await QuarantineAsync(batch, etag, "malformed-manifest", $"manifest.json has invalid fields: {string.Join(", ", fields)}.", ct);
        }

        var listed = manifest.Documents!;
        var missing = new List<string>();
        foreach (var doc in listed)
        {
            var path = $"{BlobLayout.BatchPrefix(hospitalId, batchId)}{doc.FileName}";
            await using var content = await files.OpenReadAsync(BlobLayout.HospitalInboxContainer, path, ct);
            if (content is null) { missing.Add(doc.FileName!); continue; }
            var actual = Convert.ToHexString(await SHA256.HashDataAsync(content, ct)).ToLowerInvariant();
            if (!string.Equals(actual, doc.Sha256, StringComparison.OrdinalIgnoreCase))
                return await QuarantineAsync(batch, etag, "checksum-mismatch", $"{doc.FileName}: SHA-256 does not match the manifest.", ct);
        }
        if (missing.Count > 0) return await WaitOrQuarantineAsync(batch, etag, $"Missing files: {string.Join(", ", missing)}.", ct);

        var caseFile = await CreateCaseAsync(hospital, batch, valid!, listed, ct);
        var accepted = await FinishAsync(batch with { Status = BatchStatus.Accepted, CaseId = caseFile.Id }, etag, ct);
        log.LogInformation("Hospital batch {HospitalId}/{BatchId} became case {CaseId}", hospitalId, batchId, caseFile.Id);
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
            await store.UpsertAsync(Containers.Batches, finished.HospitalId, finished.Id, finished, etag, ct);
            return finished;
        }
        catch (ConcurrencyConflictException)
        {
            return (await store.ReadAsync<HospitalBatch>(Containers.Batches, finished.HospitalId, finished.Id, ct))!.Value;
        }
    }

    private static List<string> ValidateDocuments(IReadOnlyList<ManifestDocument>? documents)
    {
        var errors = new List<string>();
        if (documents is null || documents.Count == 0) { errors.Add("documents"); return errors; }
        for (var i = 0; i < documents.Count; i++)
        {
            var d = documents[i];
            if (d is null) { errors.Add($"documents[{i}]"); continue; }
            if (string.IsNullOrWhiteSpace(d.FileName) || d.FileName.Contains('/') || d.FileName.Contains('\\') || d.FileName == "manifest.json") errors.Add($"documents[{i}].fileName");
            if (d.Sha256 is null || d.Sha256.Length != 64 || !d.Sha256.All(Uri.IsHexDigit)) errors.Add($"documents[{i}].sha256");
            var type = d.ContentType ?? (d.FileName is null ? null : AcceptedDocuments.FromFileName(d.FileName));
            if (type is null || !AcceptedDocuments.IsAccepted(type)) errors.Add($"documents[{i}].contentType");
        }
        if (documents.Where(d => d is not null).Select(d => d.FileName).Distinct(StringComparer.Ordinal).Count() != documents.Count(d => d is not null)) errors.Add("documents (duplicate file names)");
        return errors;
    }

    private async Task<CaseFile> CreateCaseAsync(Hospital hospital, HospitalBatch batch, ValidatedCase valid, IReadOnlyList<ManifestDocument> listed, CancellationToken ct)
    {
        // Deterministic ids: a crash halfway and a second run produce the same case and documents.
        var caseId = "h" + Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(batch.Id)))[..16].ToLowerInvariant();
        var now = clock.GetUtcNow();
        var prefix = BlobLayout.BatchPrefix(batch.HospitalId, batch.BatchId);
        var sizes = (await files.ListAsync(BlobLayout.HospitalInboxContainer, prefix, ct)).ToDictionary(f => f.Path, f => f.Size);
        var documents = new List<CaseDocument>();
        for (var i = 0; i < listed.Count; i++)
        {
            var doc = listed[i];
            var documentId = $"d{i + 1:D2}";
            var source = $"{prefix}{doc.FileName}";
            await files.CopyAsync(BlobLayout.HospitalInboxContainer, source, BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseId, documentId), ct);
            var size = sizes.GetValueOrDefault(source);
            var type = AcceptedDocuments.Normalize(doc.ContentType ?? AcceptedDocuments.FromFileName(doc.FileName!)!);
            documents.Add(new CaseDocument(documentId, doc.FileName!, type, size, doc.Sha256!.ToLowerInvariant(), now, hospital.Id));
        }
        var caseFile = CaseFile.Open(caseId, "hospital", hospital.Id, hospital.Id, valid, now,
            $"Case created from hospital batch {batch.BatchId} with {documents.Count} record(s).") with
        {
            RecordsCompletedAt = now,
            DueAt = DeadlinePolicy.For(valid.Tier, deadlines).CaseDueAt(valid.Tier, now),
            Documents = documents,
        };
        if (await cases.TryCreateAsync(caseFile, ct))
            await events.PublishAsync(new IntegrationEvent("case.created", caseId, now, new Dictionary<string, string> { ["hospitalId"] = hospital.Id }), ct);
        var stored = (await cases.FindAsync(caseId, ct))!;
        await workflow.StartAsync(new CaseWorkflowInput(caseId, valid.Tier, DeadlinePolicy.For(valid.Tier, deadlines), RecordsAlreadyComplete: true, stored.RecordsCompletedAt), ct);
        return stored;
    }

    private async Task<HospitalBatch> WaitOrQuarantineAsync(HospitalBatch batch, string etag, string detail, CancellationToken ct)
    {
        if (clock.GetUtcNow() - batch.FirstSeenAt < options.MissingFilesDeadline) return batch;
        return await QuarantineAsync(batch, etag, "files-missing", $"{detail} Deadline of {options.MissingFilesDeadline} passed.", ct);
    }

    private async Task<HospitalBatch> QuarantineAsync(HospitalBatch batch, string etag, string reason, string detail, CancellationToken ct)
    {
        var prefix = BlobLayout.BatchPrefix(batch.HospitalId, batch.BatchId);
        foreach (var blob in await files.ListAsync(BlobLayout.HospitalInboxContainer, prefix, ct))
            await files.CopyAsync(BlobLayout.HospitalInboxContainer, blob.Path, BlobLayout.QuarantineContainer, blob.Path, ct);
        var now = clock.GetUtcNow();
        await files.UploadTextAsync(BlobLayout.QuarantineContainer, BlobLayout.QuarantineReason(batch.HospitalId, batch.BatchId),
            SecondOpinionJson.Serialize(new QuarantineReason(batch.HospitalId, batch.BatchId, reason, detail, now)), "application/json", ct);
        var quarantined = await FinishAsync(batch with { Status = BatchStatus.Quarantined, Reason = reason }, etag, ct);
        if (quarantined.Status != BatchStatus.Quarantined) return quarantined;
        await escalations.RaiseAsync($"batch-{batch.HospitalId}-{batch.BatchId}", $"batch:{batch.HospitalId}/{batch.BatchId}", EscalationReasons.QuarantinedBatch,
            $"Batch {batch.BatchId} from {batch.HospitalId} quarantined: {reason}.", ct);
        log.LogWarning("Hospital batch {HospitalId}/{BatchId} quarantined: {Reason}", batch.HospitalId, batch.BatchId, reason);
        return quarantined;
    }
}
