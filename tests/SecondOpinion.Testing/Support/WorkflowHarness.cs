using System.Text;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.SignOff;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Operations;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;
using SecondOpinion.Hosting;
using SecondOpinion.Hosting.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SecondOpinion.Tests.Support;

/// <summary>Reads text records as they are; workflow tests need no OCR.</summary>
public sealed class PlainTextExtractor : ITextExtractor
{
    public async Task<ExtractedText> ExtractAsync(Stream content, string contentType, CancellationToken ct = default)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        if (text.Contains("CORRUPT", StringComparison.Ordinal)) throw new InvalidDataException("unreadable test record");
        return ExtractedText.SinglePage(text, ReadingEngines.PlainText);
    }
}

/// <summary>
/// The case workflow on the in-memory durable engine, wired by the production composition root
/// (<see cref="SecondOpinionServices.AddSecondOpinion"/>) over a temporary SQLite store, with an
/// in-memory file store, a recording event publisher and plain-text records in place of Blob
/// Storage, the queue and OCR.
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly string databasePath;

    private WorkflowHarness(DurableTaskTestHost host, string databasePath)
    {
        Host = host;
        this.databasePath = databasePath;
    }

    public DurableTaskTestHost Host { get; }
    public DurableTaskClient Client => Host.Client;
    public IServiceProvider Services => Host.Services;
    public ICaseRepository Cases => Services.GetRequiredService<ICaseRepository>();
    public IAssignmentRepository Assignments => Services.GetRequiredService<IAssignmentRepository>();
    public RecordingEventPublisher Events => Services.GetRequiredService<RecordingEventPublisher>();
    public IFileStore Files => Services.GetRequiredService<IFileStore>();
    public EscalationService Escalations => Services.GetRequiredService<EscalationService>();

    public static async Task<WorkflowHarness> StartAsync(IEnumerable<Specialist>? specialists = null, Action<IServiceCollection>? replace = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var databasePath = Path.Combine(Path.GetTempPath(), $"so-workflow-{Guid.NewGuid():N}.db");
        var values = new Dictionary<string, string?>
        {
            ["State:SqlitePath"] = databasePath,
            // Not called by workflow tests; the composition root insists on an issuer outside the local host.
            ["Auth:Authority"] = "https://login.example.test/tenant/v2.0",
            ["Auth:Audience"] = "secondopinion-api",
            ["SignOff:Directors:0:Subject"] = DirectorSubject,
            ["SignOff:Directors:0:Name"] = "Dr. Director Test",
            ["SignOff:Directors:0:Credentials"] = "MD",
            // Windows of seconds: elapsed time, not working hours (the calendars have their own tests).
            ["Calendars:HumanWindows"] = "elapsed",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var host = await DurableTaskTestHost.StartAsync(WorkflowActivities.Register, new DurableTaskTestHostOptions
        {
            Port = FreePorts.Next(),
            LoggerFactory = NullLoggerFactory.Instance,
            ConfigureServices = services =>
            {
                services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
                services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
                services.AddSecondOpinion(configuration);
                services.RemoveAll<IFileStore>();
                services.AddSingleton<IFileStore, InMemoryFileStore>();
                services.AddSingleton<RecordingEventPublisher>();
                services.RemoveAll<IEventPublisher>();
                services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<RecordingEventPublisher>());
                services.RemoveAll<ITextExtractor>();
                services.AddSingleton<ITextExtractor, PlainTextExtractor>();
                // One slot for the whole harness: the in-memory engine's client.
                services.RemoveAll<DurableClientSlot>();
                services.AddSingleton<DurableClientSlot>();
                services.RemoveAll<ICaseWorkflowClient>();
                services.AddSingleton<ICaseWorkflowClient, DurableCaseWorkflowClient>();
                services.RemoveAll<AssignmentService>();
                services.AddSingleton<AssignmentService>();
                services.RemoveAll<SignOffService>();
                services.AddSingleton<SignOffService>();
                services.RemoveAll<Core.FollowUp.FollowUpService>();
                services.AddSingleton<Core.FollowUp.FollowUpService>();
                services.RemoveAll<CaseService>();
                services.AddSingleton<CaseService>();
                services.RemoveAll<CaseOperationsService>();
                services.AddSingleton<CaseOperationsService>();
                services.RemoveAll<SeatOperationsService>();
                services.AddSingleton<SeatOperationsService>();
                replace?.Invoke(services);
            },
        });
        var harness = new WorkflowHarness(host, databasePath);
        host.Services.GetRequiredService<DurableClientSlot>().Client = host.Client;
        var directory = host.Services.GetRequiredService<SpecialistDirectory>();
        foreach (var s in specialists ?? DefaultSpecialists()) await directory.UpsertAsync(s);
        return harness;
    }

    public static IEnumerable<Specialist> DefaultSpecialists()
    {
        string[] subspecialties = ["medical-oncology", "surgical-oncology", "urologic-oncology", "pathology", "genitourinary-pathology", "cardiology", "cardiothoracic-surgery"];
        var n = 0;
        foreach (var sub in subspecialties)
            for (var k = 0; k < 3; k++)
                yield return new Specialist
                {
                    Id = $"sp-{sub}-{k + 1}",
                    Name = $"Dr. Test {++n}",
                    Subspecialties = [sub],
                    LicensedJurisdictions = ["US-OH"],
                    Languages = ["en"],
                    MaxActiveCases = 50,
                    YearsExperience = 30 - 10 * k, // candidate 1 ranks first, then 2, then 3
                    MedianTurnaroundHours = 24,
                };
    }

    /// <summary>Stores a case with text records directly (intake over HTTP is covered end to end).</summary>
    public async Task<string> CreateCaseAsync(string category = "oncology", string question = "Is prostatectomy necessary?", params string[] recordTexts)
    {
        var caseId = CaseIds.New();
        var now = DateTimeOffset.UtcNow;
        var documents = new List<CaseDocument>();
        for (var i = 0; i < recordTexts.Length; i++)
        {
            var id = $"d{i + 1:D2}";
            await Files.UploadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseId, id), recordTexts[i], "text/plain");
            documents.Add(new CaseDocument(id, $"record-{i + 1}.txt", "text/plain", recordTexts[i].Length, "", now, "patient-1"));
        }
        CaseRequestValidator.TryParseCategory(category, out var parsed);
        await Cases.TryCreateAsync(new CaseFile
        {
            Id = caseId,
            Source = CaseSource.Patient,
            OwnerSubject = "patient-1",
            Patient = new PatientDetails("Test Patient", new DateOnly(1960, 1, 1), "t@example.org", "en", "US-OH"),
            Consent = new ConsentRecord(true, "v1", now),
            Category = parsed,
            Question = question,
            Tier = ServiceTier.Standard,
            Stage = CaseStage.Intake,
            CreatedAt = now,
            Documents = documents,
        });
        return caseId;
    }

    public static DeadlinePolicy Patient(TimeSpan? intake = null, TimeSpan? accept = null, TimeSpan? opinion = null, TimeSpan? sla = null,
        TimeSpan? signOff = null, TimeSpan? revision = null) => new()
    {
        CaseSlaOverride = sla,
        IntakeWindow = intake ?? TimeSpan.FromMinutes(10),
        AcceptWindow = accept ?? TimeSpan.FromMinutes(10),
        OpinionWindow = opinion ?? TimeSpan.FromMinutes(10),
        SignOffWindow = signOff ?? TimeSpan.FromMinutes(10),
        RevisionWindow = revision ?? TimeSpan.FromMinutes(10),
        ReminderAt = 0.5,
    };

    public const string DirectorSubject = "director-test";
    public static Caller DirectorCaller(string subject = DirectorSubject) => new(subject, Roles.Director);
    public SignOffService SignOff => Services.GetRequiredService<SignOffService>();
    public Core.FollowUp.FollowUpService FollowUps => Services.GetRequiredService<Core.FollowUp.FollowUpService>();
    public static Caller PatientCaller() => new("patient-1", Roles.Patient);
    public CaseOperationsService Operations => Services.GetRequiredService<CaseOperationsService>();
    public SeatOperationsService Seats => Services.GetRequiredService<SeatOperationsService>();
    public static Caller OpsCaller(string subject = "ops-test") => new(subject, Roles.Ops);

    /// <summary>Signs the case's current draft, if one waits and is not yet decided; with a note, so a case the panel could not decide is signed too.</summary>
    public async Task SignIfWaitingAsync(string caseId, Func<CaseFile, SignOffRequest>? decide = null)
    {
        var c = await Cases.GetAsync(caseId);
        if (c.Stage != CaseStage.SignOff || c.SignOffs.Any(s => s.Round == c.SignOffRound)) return;
        await SignOff.DecideAsync(DirectorCaller(), caseId, decide?.Invoke(c) ?? new SignOffRequest("sign", "Reviewed and agreed.", null));
    }

    public async Task StartAsync(string caseId, DeadlinePolicy policy, bool recordsComplete = true, BusinessCalendar? calendar = null) =>
        await Services.GetRequiredService<ICaseWorkflowClient>().StartAsync(new CaseWorkflowInput(caseId, ServiceTier.Standard, policy, recordsComplete, Calendar: calendar));

    /// <summary>The ops queue: open escalations, oldest first.</summary>
    public async Task<IReadOnlyList<Escalation>> OpenEscalationsAsync() => (await Escalations.OpenAsync(new PageRequest(PageRequest.MaxSize))).Items;

    public AssignmentService Specialists => Services.GetRequiredService<AssignmentService>();

    /// <summary>Polls the store until the predicate holds (the engine is asynchronous).</summary>
    public async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > until) throw new TimeoutException($"Timed out waiting for {what ?? "condition"}.");
            await Task.Delay(50);
        }
    }

    public Task<IReadOnlyList<Assignment>> AssignmentsAsync(string caseId) => Assignments.ForCaseAsync(caseId);

    public async Task<Assignment> WaitForAssignmentAsync(string caseId, Func<Assignment, bool> match, string what) =>
        (await EventuallyAsync(() => AssignmentsAsync(caseId), list => list.Any(match), what: what)).First(match);

    public static Caller SpecialistCaller(string id) => new(id, Roles.Specialist);

    public static OpinionRequest Opinion(string agreement = "confirm", bool surgery = true, double confidence = 0.8) =>
        new(agreement, "Prostate adenocarcinoma", "Proceed", surgery, confidence, "Reviewed the records.", ["Yes."]);

    /// <summary>Accepts every offer and answers it, until the case completes.</summary>
    public async Task<OrchestrationMetadata> ReviewUntilCompletedAsync(string caseId, Func<Assignment, OpinionRequest>? opinionFor = null,
        Func<CaseFile, SignOffRequest>? decide = null)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            var state = await Client.GetInstanceAsync(CaseInstance.IdFor(caseId), getInputsAndOutputs: true);
            if (state is { IsCompleted: true }) return state;
            foreach (var a in await AssignmentsAsync(caseId))
            {
                if (a.Status == AssignmentStatus.Offered) await Specialists.AcceptAsync(SpecialistCaller(a.SpecialistId), a.Id);
                else if (a.Status == AssignmentStatus.Accepted)
                    await Specialists.SubmitOpinionAsync(SpecialistCaller(a.SpecialistId), a.Id, opinionFor?.Invoke(a) ?? Opinion());
            }
            await SignIfWaitingAsync(caseId, decide);
            await Task.Delay(50);
        }
        throw new TimeoutException($"Case {caseId} did not complete.");
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(databasePath + suffix);
    }
}
