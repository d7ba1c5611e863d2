using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>The patient-facing application service over the real SQLite store: retries heal, late uploads are refused.</summary>
public sealed class CaseServiceTests : IDisposable
{
    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"so-cases-{Guid.NewGuid():N}.db");
    private readonly RecordingWorkflowClient workflow = new();
    private readonly CaseService service;
    private readonly CaseRepository cases;
    private static readonly Caller Patient = new("patient-svc", Roles.Patient);

    public CaseServiceTests()
    {
        var store = new SqliteDocumentStore(dbPath);
        cases = new CaseRepository(store);
        service = new CaseService(cases, new InMemoryFileStore(), workflow, new AuditLog(new AuditRepository(store), TimeProvider.System),
            new DeadlinePolicy(), new CaseLimits(), BusinessCalendars.Default, TimeProvider.System);
    }

    private static CreateCaseRequest Request() => new(
        new PatientInput("Sam Retry", "1970-05-06", "sam@example.org", "en", "US-OH"), new ConsentInput(true, "v1"),
        "cardiac", "Is a stent needed?", null, null, "standard");

    private async Task<string> CaseWithRecordAsync()
    {
        var created = Assert.IsType<Outcome<CaseFile>.Ok>(await service.CreateAsync(Patient, Request(), null));
        var upload = await service.UploadDocumentAsync(Patient, created.Value.Id, "note.txt", "text/plain", new MemoryStream("Stenosis noted."u8.ToArray()));
        Assert.IsType<Outcome<CaseDocument>.Ok>(upload);
        return created.Value.Id;
    }

    [Fact]
    public async Task submitting_twice_raises_records_complete_once()
    {
        var caseId = await CaseWithRecordAsync();
        Assert.IsType<Outcome<CaseFile>.Ok>(await service.SubmitAsync(Patient, caseId));
        var again = Assert.IsType<Outcome<CaseFile>.Ok>(await service.SubmitAsync(Patient, caseId));

        Assert.Equal(1, workflow.Raised.Count(r => r == (caseId, CaseEvents.RecordsComplete)));
        Assert.NotNull(again.Value.DueAt);
    }

    [Fact]
    public async Task a_submit_that_failed_before_telling_the_workflow_is_finished_by_the_retry()
    {
        var caseId = await CaseWithRecordAsync();
        workflow.FailNextRaise = true;
        await Assert.ThrowsAsync<IOException>(() => service.SubmitAsync(Patient, caseId));
        Assert.IsType<Outcome<CaseFile>.Ok>(await service.SubmitAsync(Patient, caseId));
        Assert.IsType<Outcome<CaseFile>.Ok>(await service.SubmitAsync(Patient, caseId));

        Assert.Equal(1, workflow.Raised.Count(r => r == (caseId, CaseEvents.RecordsComplete)));
    }

    [Fact]
    public async Task a_patient_cannot_hold_more_open_cases_than_the_cap()
    {
        var store = new SqliteDocumentStore(dbPath);
        var capped = new CaseService(cases, new InMemoryFileStore(), workflow, new AuditLog(new AuditRepository(store), TimeProvider.System),
            new DeadlinePolicy(), new CaseLimits { MaxOpenCasesPerPatient = 2, MaxDocumentsPerCase = 1 }, BusinessCalendars.Default, TimeProvider.System);
        var patient = new Caller("patient-cap", Roles.Patient);
        var first = Assert.IsType<Outcome<CaseFile>.Ok>(await capped.CreateAsync(patient, Request(), null));
        Assert.IsType<Outcome<CaseFile>.Ok>(await capped.CreateAsync(patient, Request(), null));
        var third = Assert.IsType<Outcome<CaseFile>.Conflict>(await capped.CreateAsync(patient, Request(), null));
        Assert.Contains("2 open cases", third.Detail);

        Assert.IsType<Outcome<CaseDocument>.Ok>(await capped.UploadDocumentAsync(patient, first.Value.Id, "a.txt", "text/plain", new MemoryStream("one"u8.ToArray())));
        var over = Assert.IsType<Outcome<CaseDocument>.Conflict>(await capped.UploadDocumentAsync(patient, first.Value.Id, "b.txt", "text/plain", new MemoryStream("two"u8.ToArray())));
        Assert.Contains("at most 1 records", over.Detail);

        await cases.UpdateAsync(first.Value.Id, c => c with { Stage = CaseStage.Completed });
        Assert.IsType<Outcome<CaseFile>.Ok>(await capped.CreateAsync(patient, Request(), null)); // a completed case frees a place
    }

    [Fact]
    public async Task a_retried_create_with_the_same_key_starts_the_workflow_again_and_returns_the_same_case()
    {
        var first = Assert.IsType<Outcome<CaseFile>.Ok>(await service.CreateAsync(Patient, Request(), "key-1"));
        var retry = Assert.IsType<Outcome<CaseFile>.Ok>(await service.CreateAsync(Patient, Request(), "key-1"));

        Assert.Equal(first.Value.Id, retry.Value.Id);
        Assert.False(retry.Created);
        Assert.Equal(2, workflow.StartCalls); // a first attempt that stored the case but failed to start it is healed
        Assert.Single(workflow.Started);
    }

    [Fact]
    public async Task records_cannot_be_added_after_submission()
    {
        var caseId = await CaseWithRecordAsync();
        await service.SubmitAsync(Patient, caseId);

        var late = await service.UploadDocumentAsync(Patient, caseId, "late.txt", "text/plain", new MemoryStream("More."u8.ToArray()));

        Assert.IsType<Outcome<CaseDocument>.Conflict>(late);
        Assert.Single((await cases.GetAsync(caseId)).Documents);
    }

    [Fact]
    public async Task malformed_case_ids_name_no_case()
    {
        Assert.IsType<Outcome<CaseFile>.NotFound>(await service.GetAsync(Patient, "../../etc/passwd"));
        Assert.IsType<Outcome<CaseFile>.NotFound>(await service.GetAsync(Patient, new string('c', 5000)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }
}
