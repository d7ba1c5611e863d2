using System.Security.Cryptography;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Hospitals;

/// <summary>
/// Issues batches to hospital callers. The hospital is the authenticated caller (its registry id is
/// the token's subject), never a folder name; the grant is recorded before any URL leaves, and the
/// drop processor takes the hospital from it.
/// </summary>
public sealed class HospitalBatchService(IBatchRepository batches, HospitalRegistry registry, IUploadUrlIssuer urls, AuditLog audit,
    HospitalDropOptions options, TimeProvider clock)
{
    public const string ManifestFileName = "manifest.json";

    public async Task<Outcome<BatchGrantResponse>> GrantAsync(Caller caller, BatchGrantRequest? request, CancellationToken ct = default)
    {
        var hospital = await registry.FindAsync(caller.Subject, ct);
        if (hospital is not { Active: true })
        {
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.BatchGranted, "hospital/batches", AuditOutcome.Forbidden, Detail: hospital is null ? "not registered" : "inactive"), ct);
            return new Outcome<BatchGrantResponse>.Forbidden("This hospital is not registered or not active; ask SecondOpinion operations to register it.");
        }
        var names = (request?.Files ?? []).ToList();
        var errors = new ValidationErrors();
        if (names.Count > options.MaxFilesPerBatch) errors.Add("files", $"At most {options.MaxFilesPerBatch} files per batch.");
        for (var i = 0; i < names.Count; i++)
            if (!IsAcceptableFileName(names[i])) errors.Add($"files[{i}]", "A file name of 1–255 characters without '/', '\\' or control characters, other than manifest.json.");
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count) errors.Add("files", "File names must be distinct.");
        if (errors.Any) return new Outcome<BatchGrantResponse>.Invalid(errors.ToDictionary());

        var now = clock.GetUtcNow();
        var expiresAt = now + options.GrantLifetime;
        var files = new[] { ManifestFileName }.Concat(names).ToList();
        string batchId;
        do
        {
            batchId = "b" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        }
        while (!await batches.TryCreateAsync(
            new HospitalBatch(HospitalBatch.RecordId(hospital.Id, batchId), hospital.Id, batchId, BatchStatus.Waiting, FirstSeenAt: null)
            {
                Grant = new BatchGrant(caller.Subject, now, expiresAt, files),
            }, ct));

        var uploads = new List<UploadUrl>();
        foreach (var file in files)
            uploads.Add(new UploadUrl(file, await urls.IssueAsync(BlobLayout.HospitalInboxContainer, $"{BlobLayout.BatchPrefix(hospital.Id, batchId)}{file}", expiresAt, ct)));
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.BatchGranted, $"hospital-inbox/{BlobLayout.BatchPrefix(hospital.Id, batchId)}", Detail: $"{files.Count} file(s) until {expiresAt:O}"), ct);
        return new Outcome<BatchGrantResponse>.Ok(new BatchGrantResponse(batchId, hospital.Id, BlobLayout.HospitalInboxContainer,
            BlobLayout.BatchPrefix(hospital.Id, batchId), expiresAt, uploads), Created: true);
    }

    /// <summary>"b" and 20 hex digits, as <see cref="GrantAsync"/> makes them.</summary>
    public static bool IsWellFormedBatchId(string? batchId) =>
        batchId is { Length: 21 } && batchId[0] == 'b' && batchId.AsSpan(1).ContainsAnyExcept("0123456789abcdef") is false;

    public static bool IsAcceptableFileName(string? name) =>
        name is { Length: > 0 and <= 255 } && name.Trim() == name && name != ManifestFileName && name is not "." and not ".."
        && !name.Any(ch => ch is '/' or '\\' || char.IsControl(ch));
}
