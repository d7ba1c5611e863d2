namespace SecondOpinion.Core.Hospitals;

/// <summary>Waiting for files; accepted as a case; quarantined with a reason; or granted and never used (closed once the grant ran out).</summary>
public enum BatchStatus { Waiting, Accepted, Quarantined, Abandoned }

/// <summary>
/// A hospital batch: issued as a grant to one hospital (who may write which files, until when), then
/// its processing state. Stored under the batch id; the record id is "{hospitalFolder}:{batchId}",
/// so a folder that names a hospital other than the grant's is a different (unknown) batch.
/// </summary>
public sealed record HospitalBatch(
    string Id,
    string HospitalId,
    string BatchId,
    BatchStatus Status,
    DateTimeOffset? FirstSeenAt,
    string? CaseId = null,
    string? Reason = null)
{
    /// <summary>Null for a folder nobody was granted (it is quarantined as <c>unknown-batch</c>).</summary>
    public BatchGrant? Grant { get; init; }

    public static string RecordId(string hospitalFolder, string batchId) => $"{hospitalFolder}:{batchId}";
}

/// <summary>What a hospital was allowed to write: the files it named, until the SAS expires.</summary>
public sealed record BatchGrant(string GrantedTo, DateTimeOffset GrantedAt, DateTimeOffset ExpiresAt, IReadOnlyList<string> Files);

public sealed record QuarantineReason(string HospitalId, string BatchId, string Reason, string Detail, DateTimeOffset At);

/// <summary>Why a batch was quarantined; written to <c>reason.json</c> and to the escalation.</summary>
public static class QuarantineReasons
{
    public const string UnknownBatch = "unknown-batch";
    public const string OutsideGrant = "outside-grant";
    public const string UnknownHospital = "unknown-hospital";
    public const string MalformedManifest = "malformed-manifest";
    public const string ChecksumMismatch = "checksum-mismatch";
    public const string WrongFileType = "wrong-file-type";
    public const string FileTooLarge = "file-too-large";
    public const string FilesMissing = "files-missing";
}

/// <summary>The body of <c>POST /api/hospital/batches</c>: the files the hospital will upload besides <c>manifest.json</c>.</summary>
public sealed record BatchGrantRequest(IReadOnlyList<string>? Files);

/// <summary>One file the hospital may write, with the write-only URL (SAS) to PUT it to.</summary>
public sealed record UploadUrl(string FileName, Uri Url);

public sealed record BatchGrantResponse(string BatchId, string HospitalId, string Container, string Prefix, DateTimeOffset ExpiresAt, IReadOnlyList<UploadUrl> Uploads);

public sealed record HospitalDropOptions
{
    /// <summary>How long a batch with a manifest may wait for its listed files before quarantine.</summary>
    public TimeSpan MissingFilesDeadline { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a batch's upload URLs stay valid.</summary>
    public TimeSpan GrantLifetime { get; init; } = TimeSpan.FromHours(1);

    public int MaxFilesPerBatch { get; init; } = 100;
}

/// <summary>Port: write-only, expiring upload URLs for named blobs (user-delegation SAS in Azure, account-key SAS on Azurite).</summary>
public interface IUploadUrlIssuer
{
    Task<Uri> IssueAsync(string container, string path, DateTimeOffset expiresAt, CancellationToken ct = default);
}
