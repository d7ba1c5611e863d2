using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using Azure;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Core.Intake;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>Hospital batches in a real Blob Storage (Azurite): accepted once, or quarantined with a reason, never lost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HospitalDropTests : IAsyncLifetime, IDisposable
{
    private readonly AzuriteFixture azurite;
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"so-drops-{Guid.NewGuid():N}.db");
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingWorkflowClient workflow = new();
    private readonly RecordingEventPublisher events = new();
    private SqliteDocumentStore store = null!;
    private BlobFileStore files = null!;
    private HospitalDropProcessor processor = null!;
    private HospitalBatchService batches = null!;
    private HospitalRegistry registry = null!;
    private BatchRepository batchRecords = null!;
    private EscalationService escalations = null!;
    private BlobContainerClient inbox = null!;
    private readonly string hospitalId = "hosp-test";

    public HospitalDropTests(AzuriteFixture azurite) => this.azurite = azurite;

    public async Task InitializeAsync()
    {
        store = new SqliteDocumentStore(dbPath);
        files = new BlobFileStore(azurite.Blobs);
        await files.EnsureContainersAsync();
        inbox = azurite.Blobs.GetBlobContainerClient(BlobLayout.HospitalInboxContainer);
        await new HospitalRepository(store).UpsertAsync(new Hospital(hospitalId, "Test Hospital", ["US-OH"]));
        var audit = new AuditLog(new AuditRepository(store), clock);
        registry = new HospitalRegistry(new HospitalRepository(store), audit);
        batchRecords = new BatchRepository(store, clock);
        escalations = new EscalationService(new EscalationRepository(store), events, clock);
        var options = new HospitalDropOptions { MissingFilesDeadline = TimeSpan.FromMinutes(30) };
        // SAS start and expiry are checked by Azurite against its own clock: issue them on real time.
        batches = new HospitalBatchService(batchRecords, registry, new BlobUploadUrlIssuer(azurite.Blobs, TimeProvider.System), audit, options, TimeProvider.System);
        processor = new HospitalDropProcessor(batchRecords, new CaseRepository(store), files, workflow, registry, escalations, audit,
            new DeadlinePolicy(), BusinessCalendars.Default, options, clock, NullLogger<HospitalDropProcessor>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }

    private static readonly byte[] Letter = Encoding.UTF8.GetBytes("Severe aortic stenosis. Proposed valve replacement.");

    private static object Manifest(string? hospitalSha = null, object? patient = null, string fileName = "letter.txt") => new
    {
        patient = patient ?? new { name = "Pat Drop", dateOfBirth = "1950-02-03", email = "pat@example.org", preferredLanguage = "en", jurisdiction = "US-OH" },
        consent = new { accepted = true, version = "2026-01" },
        category = "cardiac",
        question = "Is valve replacement necessary?",
        tier = "standard",
        documents = new[] { new { fileName, sha256 = hospitalSha ?? Convert.ToHexString(SHA256.HashData(Letter)).ToLowerInvariant(), contentType = "text/plain" } },
    };

    private async Task<BatchGrantResponse> GrantAsync(params string[] fileNames)
    {
        var outcome = await batches.GrantAsync(new Caller(hospitalId, Roles.Hospital), new BatchGrantRequest(fileNames.Length == 0 ? ["letter.txt"] : fileNames));
        return Assert.IsType<Outcome<BatchGrantResponse>.Ok>(outcome).Value;
    }

    private static Uri UrlOf(BatchGrantResponse grant, string fileName) => grant.Uploads.Single(u => u.FileName == fileName).Url;

    /// <summary>Asks for a batch and uploads through its write-only URLs, as a hospital does.</summary>
    private async Task<string> DropAsync(object? manifest, bool withFile = true, string? rawManifest = null)
    {
        var grant = await GrantAsync("letter.txt");
        if (withFile) await new BlobClient(UrlOf(grant, "letter.txt")).UploadAsync(new BinaryData(Letter));
        if (rawManifest is not null) await new BlobClient(UrlOf(grant, "manifest.json")).UploadAsync(BinaryData.FromString(rawManifest));
        else if (manifest is not null) await new BlobClient(UrlOf(grant, "manifest.json")).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(manifest)));
        return grant.BatchId;
    }

    private async Task<QuarantineReason> ReasonAsync(string batchId, string hospital = "hosp-test") =>
        SecondOpinionJson.Deserialize<QuarantineReason>((await files.ReadTextAsync(BlobLayout.QuarantineContainer, BlobLayout.QuarantineReason(hospital, batchId)))!);

    [Fact]
    public async Task a_complete_batch_becomes_one_case_with_its_records_even_when_processed_twice()
    {
        var batchId = await DropAsync(Manifest());

        var first = await processor.ProcessAsync(hospitalId, batchId);
        var second = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Accepted, first.Status);
        Assert.Equal(first.CaseId, second.CaseId);
        var caseFile = (await new CaseRepository(store).FindAsync(first.CaseId!))!;
        Assert.Equal(hospitalId, caseFile.HospitalId);
        Assert.NotNull(caseFile.DueAt);
        var document = Assert.Single(caseFile.Documents);
        var copied = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseFile.Id, document.Id));
        Assert.Equal(Encoding.UTF8.GetString(Letter), copied);
        var started = Assert.Single(workflow.Started, s => s.CaseId == caseFile.Id);
        Assert.True(started.RecordsAlreadyComplete);
        // The records are the case's now: the batch has left the inbox and the open list.
        Assert.False(await files.AnyAsync(BlobLayout.HospitalInboxContainer, $"{hospitalId}/{batchId}/"));
        Assert.DoesNotContain((await batchRecords.OpenAsync(PageRequest.First)).Items, b => b.BatchId == batchId);
    }

    [Fact]
    public async Task a_checksum_mismatch_is_quarantined_with_a_reason_and_escalated()
    {
        var batchId = await DropAsync(Manifest(hospitalSha: new string('a', 64)));

        var batch = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal("checksum-mismatch", (await ReasonAsync(batchId)).Reason);
        Assert.True(await files.ExistsAsync(BlobLayout.QuarantineContainer, $"{hospitalId}/{batchId}/letter.txt"));
        Assert.False(await files.ExistsAsync(BlobLayout.HospitalInboxContainer, $"{hospitalId}/{batchId}/letter.txt"));
        Assert.Contains(await escalations.ForCaseAsync(batchId), e => e.Reason == EscalationReasons.QuarantinedBatch && e.Detail.Contains(batchId));
        Assert.Contains((await escalations.OpenAsync(PageRequest.First)).Items, e => e.Id == $"{batchId}-quarantined");
        Assert.DoesNotContain(workflow.Started, s => s.CaseId == batch.CaseId);
    }

    [Fact]
    public async Task a_manifest_that_is_not_json_is_quarantined()
    {
        var batchId = await DropAsync(null, rawManifest: "{ \"patient\": ");
        var batch = await processor.ProcessAsync(hospitalId, batchId);
        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal("malformed-manifest", (await ReasonAsync(batchId)).Reason);
    }

    [Fact]
    public async Task a_manifest_with_invalid_fields_names_them_in_the_reason()
    {
        var batchId = await DropAsync(Manifest(patient: new { name = "X", dateOfBirth = "not-a-date", email = "x@example.org", jurisdiction = "US-OH" }, fileName: "../escape.txt"));
        var batch = await processor.ProcessAsync(hospitalId, batchId);
        var reason = await ReasonAsync(batchId);
        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Contains("patient.dateOfBirth", reason.Detail);
        Assert.Contains("documents[0].fileName", reason.Detail);
        Assert.DoesNotContain("Pat Drop", reason.Detail);
    }

    [Fact]
    public async Task the_sweep_reads_only_open_batches_and_closes_a_grant_nobody_used()
    {
        var used = await DropAsync(Manifest());
        Assert.Equal(BatchStatus.Accepted, (await processor.ProcessAsync(hospitalId, used)).Status);
        var unused = await GrantAsync("letter.txt");
        Assert.Contains((await batchRecords.OpenAsync(PageRequest.First)).Items, b => b.BatchId == unused.BatchId);

        // Before the grant ran out (plus the files deadline) the unused batch stays open; the accepted one is never looked at again.
        Assert.Equal(1, await processor.SweepOpenBatchesAsync());
        Assert.Equal(BatchStatus.Waiting, (await batchRecords.FindAsync(hospitalId, unused.BatchId))!.Value.Status);

        clock.Advance(unused.ExpiresAt + TimeSpan.FromMinutes(31) - clock.GetUtcNow());
        Assert.Equal(1, await processor.SweepOpenBatchesAsync());
        Assert.Equal(BatchStatus.Abandoned, (await batchRecords.FindAsync(hospitalId, unused.BatchId))!.Value.Status);
        Assert.Equal(0, await processor.SweepOpenBatchesAsync());
        Assert.DoesNotContain(await escalations.ForCaseAsync(unused.BatchId), e => e.Reason == EscalationReasons.QuarantinedBatch);
    }

    [Fact]
    public async Task an_unregistered_hospital_gets_no_batch()
    {
        var outcome = await batches.GrantAsync(new Caller("hosp-nobody", Roles.Hospital), new BatchGrantRequest(["letter.txt"]));
        Assert.IsType<Outcome<BatchGrantResponse>.Forbidden>(outcome);
        var refused = (await new AuditLog(new AuditRepository(store), clock).ChainAsync(AuditChains.Platform)).Entries.Last(e => e.Action == AuditActions.BatchGranted);
        Assert.Equal(AuditOutcome.Forbidden, refused.Outcome);
    }

    [Fact]
    public async Task a_hospital_deactivated_after_its_grant_is_quarantined()
    {
        var grant = await GrantAsync("letter.txt");
        await new BlobClient(UrlOf(grant, "letter.txt")).UploadAsync(new BinaryData(Letter));
        await new BlobClient(UrlOf(grant, "manifest.json")).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(Manifest())));
        var ops = new Caller("ops-test", Roles.Ops);
        Assert.IsType<Outcome<Hospital>.Ok>(await registry.UpsertAsync(ops, hospitalId, new HospitalUpsertRequest("Test Hospital", ["US-OH"], null, Active: false)));
        try
        {
            var batch = await processor.ProcessAsync(hospitalId, grant.BatchId);
            Assert.Equal(BatchStatus.Quarantined, batch.Status);
            Assert.Equal(QuarantineReasons.UnknownHospital, (await ReasonAsync(grant.BatchId)).Reason);
        }
        finally
        {
            await registry.UpsertAsync(ops, hospitalId, new HospitalUpsertRequest("Test Hospital", ["US-OH"], null, Active: true));
        }
    }

    [Fact]
    public async Task a_folder_nobody_was_granted_is_quarantined_as_unknown_batch()
    {
        // Written with the account key, as anyone with storage access could: no grant names it.
        var batchId = $"b{Guid.NewGuid():N}"[..21];
        await inbox.GetBlobClient($"{hospitalId}/{batchId}/letter.txt").UploadAsync(new BinaryData(Letter));
        await inbox.GetBlobClient($"{hospitalId}/{batchId}/manifest.json").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(Manifest())));

        var batch = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal(QuarantineReasons.UnknownBatch, (await ReasonAsync(batchId)).Reason);
        Assert.Null(batch.CaseId);
        Assert.True(await files.ExistsAsync(BlobLayout.QuarantineContainer, $"{hospitalId}/{batchId}/letter.txt"));
    }

    [Fact]
    public async Task a_folder_recorded_without_a_grant_before_a_crash_is_still_quarantined()
    {
        // The processor stopped after recording the unknown folder and before quarantining it.
        var batchId = $"b{Guid.NewGuid():N}"[..21];
        await inbox.GetBlobClient($"{hospitalId}/{batchId}/manifest.json").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(Manifest())));
        await batchRecords.TryCreateAsync(new HospitalBatch(HospitalBatch.RecordId(hospitalId, batchId), hospitalId, batchId, BatchStatus.Waiting, clock.GetUtcNow()));

        var batch = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal(QuarantineReasons.UnknownBatch, (await ReasonAsync(batchId)).Reason);
    }

    [Fact]
    public async Task a_hospital_writing_outside_its_grant_is_refused_by_storage_or_quarantined()
    {
        var grant = await GrantAsync("letter.txt");
        var url = UrlOf(grant, "letter.txt");

        // The URL names one blob: the same SAS cannot write another file, nor another hospital's folder.
        var otherFile = new UriBuilder(url) { Path = url.AbsolutePath.Replace("letter.txt", "extra.txt") }.Uri;
        var otherHospital = new UriBuilder(url) { Path = url.AbsolutePath.Replace($"/{hospitalId}/", "/hosp-other/") }.Uri;
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(otherFile).UploadAsync(new BinaryData(Letter)))).Status);
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(otherHospital).UploadAsync(new BinaryData(Letter)))).Status);
        // Nor read back what was written.
        await new BlobClient(url).UploadAsync(new BinaryData(Letter));
        Assert.Equal(403, (await Assert.ThrowsAsync<RequestFailedException>(() => new BlobClient(url).DownloadContentAsync())).Status);

        // Files placed under another hospital's folder with this batch id (by other means) are quarantined.
        await inbox.GetBlobClient($"hosp-other/{grant.BatchId}/manifest.json").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(Manifest())));
        var stray = await processor.ProcessAsync("hosp-other", grant.BatchId);
        Assert.Equal(BatchStatus.Quarantined, stray.Status);
        Assert.Equal(QuarantineReasons.OutsideGrant, (await ReasonAsync(grant.BatchId, "hosp-other")).Reason);

        // A manifest listing a file the batch was not granted is quarantined too; the real batch is untouched by the stray one.
        await new BlobClient(UrlOf(grant, "manifest.json")).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(Manifest(fileName: "not-granted.txt"))));
        var own = await processor.ProcessAsync(hospitalId, grant.BatchId);
        Assert.Equal(BatchStatus.Quarantined, own.Status);
        Assert.Equal(QuarantineReasons.OutsideGrant, (await ReasonAsync(grant.BatchId)).Reason);
    }

    [Fact]
    public async Task a_file_whose_bytes_are_not_its_type_is_quarantined()
    {
        var grant = await GrantAsync("scan.pdf");
        var fake = Encoding.UTF8.GetBytes("not a pdf at all");
        await new BlobClient(UrlOf(grant, "scan.pdf")).UploadAsync(new BinaryData(fake));
        var manifest = Manifest(fileName: "scan.pdf");
        var json = JsonSerializer.Serialize(manifest).Replace("text/plain", "application/pdf").Replace(Convert.ToHexString(SHA256.HashData(Letter)).ToLowerInvariant(), Convert.ToHexString(SHA256.HashData(fake)).ToLowerInvariant());
        await new BlobClient(UrlOf(grant, "manifest.json")).UploadAsync(BinaryData.FromString(json));

        var batch = await processor.ProcessAsync(hospitalId, grant.BatchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal(QuarantineReasons.WrongFileType, (await ReasonAsync(grant.BatchId)).Reason);
    }

    [Fact]
    public async Task missing_files_wait_until_the_deadline_then_quarantine()
    {
        var batchId = await DropAsync(Manifest(), withFile: false);

        Assert.Equal(BatchStatus.Waiting, (await processor.ProcessAsync(hospitalId, batchId)).Status);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(BatchStatus.Waiting, (await processor.ProcessAsync(hospitalId, batchId)).Status);
        clock.Advance(TimeSpan.FromMinutes(25));
        var batch = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        var reason = await ReasonAsync(batchId);
        Assert.Equal("files-missing", reason.Reason);
        Assert.Contains("documents[0]", reason.Detail);
        Assert.DoesNotContain("letter.txt", reason.Detail); // file names can carry names
    }

    [Fact]
    public async Task a_late_file_arriving_before_the_deadline_completes_the_batch()
    {
        var grant = await GrantAsync("letter.txt");
        var batchId = grant.BatchId;
        await new BlobClient(UrlOf(grant, "manifest.json")).UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(Manifest())));
        Assert.Equal(BatchStatus.Waiting, (await processor.ProcessAsync(hospitalId, batchId)).Status);
        clock.Advance(TimeSpan.FromMinutes(5));
        await new BlobClient(UrlOf(grant, "letter.txt")).UploadAsync(new BinaryData(Letter));
        Assert.Equal(BatchStatus.Accepted, (await processor.ProcessAsync(hospitalId, batchId)).Status);
    }
}
