using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Infrastructure.Storage;
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
    private BlobContainerClient inbox = null!;
    private readonly string hospitalId = "hosp-test";

    public HospitalDropTests(AzuriteFixture azurite) => this.azurite = azurite;

    public async Task InitializeAsync()
    {
        store = new SqliteDocumentStore(dbPath);
        files = new BlobFileStore(azurite.Blobs);
        await files.EnsureContainersAsync();
        inbox = azurite.Blobs.GetBlobContainerClient(BlobLayout.HospitalInboxContainer);
        await store.TryCreateAsync(Containers.Hospitals, hospitalId, hospitalId, new Hospital(hospitalId, "Test Hospital", ["US-OH"]));
        processor = new HospitalDropProcessor(store, new CaseStore(store), files, workflow, new EscalationService(store, events, clock), events,
            new DeadlinePolicy(), new HospitalDropOptions { MissingFilesDeadline = TimeSpan.FromMinutes(30) }, clock, NullLogger<HospitalDropProcessor>.Instance);
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

    private async Task DropAsync(string batchId, object? manifest, bool withFile = true, string? rawManifest = null, string hospital = "hosp-test")
    {
        if (withFile) await inbox.GetBlobClient($"{hospital}/{batchId}/letter.txt").UploadAsync(new BinaryData(Letter), overwrite: true);
        if (rawManifest is not null) await inbox.GetBlobClient($"{hospital}/{batchId}/manifest.json").UploadAsync(BinaryData.FromString(rawManifest), overwrite: true);
        else if (manifest is not null) await inbox.GetBlobClient($"{hospital}/{batchId}/manifest.json").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(manifest)), overwrite: true);
    }

    private async Task<QuarantineReason> ReasonAsync(string batchId, string hospital = "hosp-test") =>
        SecondOpinionJson.Deserialize<QuarantineReason>((await files.ReadTextAsync(BlobLayout.QuarantineContainer, BlobLayout.QuarantineReason(hospital, batchId)))!);

    [Fact]
    public async Task a_complete_batch_becomes_one_case_with_its_records_even_when_processed_twice()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, Manifest());

        var first = await processor.ProcessAsync(hospitalId, batchId);
        var second = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Accepted, first.Status);
        Assert.Equal(first.CaseId, second.CaseId);
        var caseFile = (await new CaseStore(store).FindAsync(first.CaseId!))!;
        Assert.Equal(hospitalId, caseFile.HospitalId);
        Assert.NotNull(caseFile.DueAt);
        var document = Assert.Single(caseFile.Documents);
        var copied = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseFile.Id, document.Id));
        Assert.Equal(Encoding.UTF8.GetString(Letter), copied);
        var started = Assert.Single(workflow.Started, s => s.CaseId == caseFile.Id);
        Assert.True(started.RecordsAlreadyComplete);
        Assert.True(await files.ExistsAsync(BlobLayout.HospitalInboxContainer, $"{hospitalId}/{batchId}/letter.txt"));
    }

    [Fact]
    public async Task a_checksum_mismatch_is_quarantined_with_a_reason_and_escalated()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, Manifest(hospitalSha: new string('a', 64)));

        var batch = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal("checksum-mismatch", (await ReasonAsync(batchId)).Reason);
        Assert.True(await files.ExistsAsync(BlobLayout.QuarantineContainer, $"{hospitalId}/{batchId}/letter.txt"));
        Assert.True(await files.ExistsAsync(BlobLayout.HospitalInboxContainer, $"{hospitalId}/{batchId}/letter.txt"));
        Assert.Contains(await store.ListAsync<Escalation>(Containers.Escalations), e => e.Reason == EscalationReasons.QuarantinedBatch && e.Detail.Contains(batchId));
        Assert.DoesNotContain(workflow.Started, s => s.CaseId == batch.CaseId);
    }

    [Fact]
    public async Task a_manifest_that_is_not_json_is_quarantined()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, null, rawManifest: "{ \"patient\": ");
        var batch = await processor.ProcessAsync(hospitalId, batchId);
        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal("malformed-manifest", (await ReasonAsync(batchId)).Reason);
    }

    [Fact]
    public async Task a_manifest_with_invalid_fields_names_them_in_the_reason()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, Manifest(patient: new { name = "X", dateOfBirth = "not-a-date", email = "x@example.org", jurisdiction = "US-OH" }, fileName: "../escape.txt"));
        var batch = await processor.ProcessAsync(hospitalId, batchId);
        var reason = await ReasonAsync(batchId);
        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Contains("patient.dateOfBirth", reason.Detail);
        Assert.Contains("documents[0].fileName", reason.Detail);
        Assert.DoesNotContain("Pat Drop", reason.Detail);
    }

    [Fact]
    public async Task an_unknown_hospital_is_quarantined()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, Manifest(), hospital: "hosp-nobody");
        var batch = await processor.ProcessAsync("hosp-nobody", batchId);
        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        Assert.Equal("unknown-hospital", (await ReasonAsync(batchId, "hosp-nobody")).Reason);
    }

    [Fact]
    public async Task missing_files_wait_until_the_deadline_then_quarantine()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, Manifest(), withFile: false);

        Assert.Equal(BatchStatus.Waiting, (await processor.ProcessAsync(hospitalId, batchId)).Status);
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(BatchStatus.Waiting, (await processor.ProcessAsync(hospitalId, batchId)).Status);
        clock.Advance(TimeSpan.FromMinutes(25));
        var batch = await processor.ProcessAsync(hospitalId, batchId);

        Assert.Equal(BatchStatus.Quarantined, batch.Status);
        var reason = await ReasonAsync(batchId);
        Assert.Equal("files-missing", reason.Reason);
        Assert.Contains("letter.txt", reason.Detail);
    }

    [Fact]
    public async Task a_late_file_arriving_before_the_deadline_completes_the_batch()
    {
        var batchId = $"b-{Guid.NewGuid():N}";
        await DropAsync(batchId, Manifest(), withFile: false);
        Assert.Equal(BatchStatus.Waiting, (await processor.ProcessAsync(hospitalId, batchId)).Status);
        clock.Advance(TimeSpan.FromMinutes(5));
        await inbox.GetBlobClient($"{hospitalId}/{batchId}/letter.txt").UploadAsync(new BinaryData(Letter), overwrite: true);
        Assert.Equal(BatchStatus.Accepted, (await processor.ProcessAsync(hospitalId, batchId)).Status);
    }
}
