using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Review;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;
using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// The repositories answer what the product asks from the partition that holds it, on every store:
/// the ops board by due time, a specialist's inbox and load, the open escalations, the open batches.
/// </summary>
public abstract class RepositoryContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private IDocumentStore? store;

    protected IDocumentStore Store => store ?? throw new InvalidOperationException("The store is not created yet.");

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    private static CaseFile Case(string id, CaseStage stage, DateTimeOffset? dueAt) => new()
    {
        Id = id,
        Source = CaseSource.Patient,
        OwnerSubject = "patient-1",
        Patient = new PatientDetails("Pat Board", new DateOnly(1960, 1, 1), "pat@example.org", "en", "US-OH"),
        Consent = new ConsentRecord(true, "v1", T0),
        Category = CaseCategory.Cardiac,
        Question = "?",
        Tier = ServiceTier.Standard,
        Stage = stage,
        CreatedAt = T0,
        DueAt = dueAt,
    };

    private static Assignment Offer(string caseId, string seat, string specialist, int minute) => new()
    {
        Id = Assignment.MakeId(caseId, seat, 1),
        CaseId = caseId,
        SeatId = seat,
        Subspecialty = "cardiology",
        SpecialistId = specialist,
        Status = AssignmentStatus.Offered,
        OfferedAt = T0.AddMinutes(minute),
        AcceptBy = T0.AddHours(8),
    };

    [Fact]
    public async Task the_board_lists_open_cases_by_due_time_and_moves_a_finished_case_to_its_month()
    {
        var cases = new CaseRepository(Store);
        var ids = Enumerable.Range(0, 7).Select(i => $"c{i:D16}").ToList();
        for (var i = 0; i < ids.Count; i++)
            Assert.True(await cases.TryCreateAsync(Case(ids[i], i % 2 == 0 ? CaseStage.Review : CaseStage.Intake, i == 3 ? null : T0.AddDays(7 - i))));
        Assert.False(await cases.TryCreateAsync(Case(ids[0], CaseStage.Review, null)));

        var board = new List<CaseSummary>();
        var page = new PageRequest(3);
        while (true)
        {
            var result = await cases.OpenByDueTimeAsync(null, page);
            board.AddRange(result.Items);
            if (result.ContinuationToken is null) break;
            page = page with { ContinuationToken = result.ContinuationToken };
        }
        // Soonest due first; a case with no due time yet (still at intake) last.
        Assert.Equal([ids[6], ids[5], ids[4], ids[2], ids[1], ids[0], ids[3]], board.Select(c => c.Id));
        Assert.Equal([ids[6], ids[4], ids[2], ids[0]], (await cases.OpenByDueTimeAsync(CaseStage.Review, PageRequest.First)).Items.Select(c => c.Id));

        var completedAt = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        await cases.UpdateAsync(ids[4], c => (c with { CompletedAt = completedAt }).WithStage(CaseStage.Completed, "Report delivered.", completedAt));
        Assert.DoesNotContain((await cases.OpenByDueTimeAsync(null, PageRequest.First)).Items, c => c.Id == ids[4]);
        var closed = Assert.Single((await cases.ClosedInMonthAsync(2026, 12, PageRequest.First)).Items);
        Assert.Equal((ids[4], CaseStage.Completed, completedAt), (closed.Id, closed.Stage, closed.CompletedAt!.Value));
        Assert.Empty((await cases.ClosedInMonthAsync(2026, 11, PageRequest.First)).Items);
    }

    [Fact]
    public async Task a_patients_and_a_hospitals_own_cases_come_newest_first_from_their_own_partition()
    {
        var cases = new CaseRepository(Store);
        var mine = Enumerable.Range(0, 5).Select(i => $"c{i:D16}").ToList();
        for (var i = 0; i < mine.Count; i++) await cases.TryCreateAsync(Case(mine[i], CaseStage.Intake, null) with { CreatedAt = T0.AddMinutes(i) });
        await cases.TryCreateAsync(Case("c0000000000000099", CaseStage.Intake, null) with { OwnerSubject = "patient-2", CreatedAt = T0.AddMinutes(9) });
        await cases.TryCreateAsync(Case("h0000000000000001", CaseStage.Records, null) with
        {
            Source = CaseSource.Hospital, OwnerSubject = "hosp-a", HospitalId = "hosp-a", CreatedAt = T0.AddMinutes(3),
        });

        var listed = new List<CaseListItem>();
        var page = new PageRequest(2);
        while (true)
        {
            var result = await cases.OfPartyAsync(CaseParties.Patient("patient-1"), page);
            listed.AddRange(result.Items);
            if (result.ContinuationToken is null) break;
            page = page with { ContinuationToken = result.ContinuationToken };
        }
        Assert.Equal(Enumerable.Reverse(mine), listed.Select(c => c.Id));
        Assert.Equal(["c0000000000000099"], (await cases.OfPartyAsync(CaseParties.Patient("patient-2"), PageRequest.First)).Items.Select(c => c.Id));
        // A hospital's drop is on the hospital's list, not on a patient's (its owner subject is the hospital).
        Assert.Equal(["h0000000000000001"], (await cases.OfPartyAsync(CaseParties.Hospital("hosp-a"), PageRequest.First)).Items.Select(c => c.Id));
        Assert.Empty((await cases.OfPartyAsync(CaseParties.Patient("hosp-a"), PageRequest.First)).Items);
        Assert.Empty((await cases.OfPartyAsync(CaseParties.Hospital("hosp-b"), PageRequest.First)).Items);

        // The row follows the case: stage, submission, due time and the latest patient-facing entry.
        var submittedAt = T0.AddHours(1);
        await cases.UpdateAsync(mine[2], c => (c with { RecordsCompletedAt = submittedAt, DueAt = T0.AddDays(7) }).WithStage(CaseStage.Records, "Reading your records.", submittedAt));
        var row = (await cases.OfPartyAsync(CaseParties.Patient("patient-1"), PageRequest.First)).Items.Single(c => c.Id == mine[2]);
        Assert.Equal(("records", submittedAt, T0.AddDays(7), "Reading your records.", submittedAt), (row.Stage, row.SubmittedAt!.Value, row.DueAt!.Value, row.Status, row.StatusAt));
    }

    [Fact]
    public async Task a_specialists_inbox_and_load_come_from_their_own_partition()
    {
        var assignments = new AssignmentRepository(Store);
        for (var i = 0; i < 6; i++) Assert.True(await assignments.TryCreateAsync(Offer($"c{i:D16}", "seat-1", "sp-a", i)));
        await assignments.TryCreateAsync(Offer("c9999999999999999", "seat-1", "sp-b", 0));
        Assert.False(await assignments.TryCreateAsync(Offer("c0000000000000000", "seat-1", "sp-a", 0)));

        // Two accepted, two completed (one of them later than the other), two still offered.
        foreach (var i in new[] { 1, 2 }) await assignments.UpdateAsync($"c{i:D16}", Assignment.MakeId($"c{i:D16}", "seat-1", 1), a => a with { Status = AssignmentStatus.Accepted });
        foreach (var i in new[] { 3, 4 }) await assignments.UpdateAsync($"c{i:D16}", Assignment.MakeId($"c{i:D16}", "seat-1", 1), a => a with { Status = AssignmentStatus.Completed });

        Assert.Equal(4, await assignments.ActiveLoadAsync("sp-a"));
        Assert.Equal(1, await assignments.ActiveLoadAsync("sp-b"));
        Assert.Equal(0, await assignments.ActiveLoadAsync("sp-nobody"));

        var active = await assignments.OpenForSpecialistAsync("sp-a", new PageRequest(3));
        Assert.Equal(["c0000000000000000", "c0000000000000001", "c0000000000000002"], active.Items.Select(a => a.CaseId));
        var rest = await assignments.OpenForSpecialistAsync("sp-a", new PageRequest(3, active.ContinuationToken));
        Assert.Equal(["c0000000000000005"], rest.Items.Select(a => a.CaseId));
        Assert.Null(rest.ContinuationToken);
        Assert.Equal([AssignmentStatus.Offered, AssignmentStatus.Accepted, AssignmentStatus.Accepted], active.Items.Select(a => a.Status));

        var past = await assignments.ClosedForSpecialistAsync("sp-a", 2026, 12, [AssignmentStatus.Completed], PageRequest.First);
        Assert.Equal(["c0000000000000004", "c0000000000000003"], past.Items.Select(a => a.CaseId));
        Assert.Empty((await assignments.ClosedForSpecialistAsync("sp-a", 2026, 11, [AssignmentStatus.Completed], PageRequest.First)).Items);
        Assert.Single(await assignments.ForCaseAsync("c0000000000000003"));
    }

    [Fact]
    public async Task views_end_as_their_source_when_updates_race()
    {
        var cases = new CaseRepository(Store);
        var assignments = new AssignmentRepository(Store);
        const string caseId = "c0000000000000777";
        await cases.TryCreateAsync(Case(caseId, CaseStage.Review, T0));
        var offer = Offer(caseId, "seat-1", "sp-race", 0);
        await assignments.TryCreateAsync(offer);

        // Many writers at once: each commits in turn (ETags), their view writes land in any order.
        var writers = new List<Task>();
        for (var i = 1; i <= 12; i++)
        {
            var n = i;
            writers.Add(Task.Run(() => cases.UpdateAsync(caseId, c => n == 12 ? c.WithStage(CaseStage.Expired, "Expired.", T0.AddDays(20)) : c with { DueAt = T0.AddDays(n) })));
            writers.Add(Task.Run(() => assignments.UpdateAsync(caseId, offer.Id, a => n == 12 ? a with { Status = AssignmentStatus.Expired, ClosedAt = T0.AddDays(1) } : a with { AcceptBy = T0.AddHours(n) })));
        }
        await Task.WhenAll(writers);

        var final = (await cases.FindAsync(caseId))!;
        var open = (await cases.OpenByDueTimeAsync(null, PageRequest.First)).Items.Where(c => c.Id == caseId).ToList();
        var closed = (await cases.ClosedInMonthAsync(2026, 12, PageRequest.First)).Items.Where(c => c.Id == caseId).ToList();
        if (final.Stage == CaseStage.Expired)
        {
            Assert.Empty(open);
            Assert.Equal(final.DueAt, Assert.Single(closed).DueAt);
        }
        else
        {
            Assert.Equal(final.DueAt, Assert.Single(open).DueAt);
        }
        var assignment = (await assignments.FindAsync(caseId, offer.Id))!;
        var active = (await assignments.OpenForSpecialistAsync("sp-race", PageRequest.First)).Items;
        var past = (await assignments.ClosedForSpecialistAsync("sp-race", 2026, 12, [AssignmentStatus.Expired], PageRequest.First)).Items;
        if (assignment.Status == AssignmentStatus.Expired)
        {
            Assert.Empty(active);
            Assert.Equal(SecondOpinionJson.Serialize(assignment), SecondOpinionJson.Serialize(Assert.Single(past)));
            Assert.Equal(0, await assignments.ActiveLoadAsync("sp-race"));
        }
        else
        {
            Assert.Equal(SecondOpinionJson.Serialize(assignment), SecondOpinionJson.Serialize(Assert.Single(active)));
        }
    }

    [Fact]
    public async Task open_escalations_leave_the_queue_when_resolved_and_stay_on_their_case()
    {
        var clock = new ManualClock(T0);
        var escalations = new EscalationService(new EscalationRepository(Store), new RecordingEventPublisher(), clock);
        const string caseA = "c00000000000000a1", caseB = "c00000000000000b2";
        await escalations.RaiseAsync($"{caseA}-sla-at-risk", caseA, EscalationReasons.SlaAtRisk, "a");
        clock.Advance(TimeSpan.FromMinutes(1));
        await escalations.RaiseAsync($"{caseB}-intake-overdue", caseB, EscalationReasons.IntakeOverdue, "b");
        clock.Advance(TimeSpan.FromMinutes(1));
        var again = await escalations.RaiseAsync($"{caseA}-sla-at-risk", caseA, EscalationReasons.SlaAtRisk, "a");
        Assert.Equal(T0, again.RaisedAt);

        Assert.Equal([$"{caseA}-sla-at-risk", $"{caseB}-intake-overdue"], (await escalations.OpenAsync(PageRequest.First)).Items.Select(e => e.Id));
        var resolved = await escalations.ResolveAsync($"{caseA}-sla-at-risk", new Caller("ops-ana", Roles.Ops), "Called the reviewer.");
        Assert.True(resolved!.Resolved);
        Assert.Equal([$"{caseB}-intake-overdue"], (await escalations.OpenAsync(PageRequest.First)).Items.Select(e => e.Id));
        Assert.True(Assert.Single(await escalations.ForCaseAsync(caseA)).Resolved);
        Assert.Null(await escalations.ResolveAsync("c00000000000000c3-nothing", new Caller("ops-ana", Roles.Ops), "x"));
        Assert.Null(await escalations.ResolveAsync("no-dash-prefix", new Caller("ops-ana", Roles.Ops), "x"));
    }

    private static Notification Note(string caseId, string step, int minute, string specialist = "sp-n") => new()
    {
        Id = NotificationIds.For(caseId, step, NotificationAudience.Specialist),
        CaseId = caseId,
        Kind = NotificationKind.Offer,
        Recipient = new NotificationRecipient(NotificationAudience.Specialist, specialist),
        Channel = NotificationChannel.Email,
        Subject = "s",
        Body = "b",
        Link = new Uri("http://portal.test/assignments/x"),
        Status = NotificationStatus.Pending,
        CreatedAt = T0.AddMinutes(minute),
        NextAttemptAt = T0.AddMinutes(10 - minute),
    };

    [Fact]
    public async Task notifications_are_read_by_case_by_recipient_and_while_pending_by_when_they_are_due()
    {
        var notifications = new NotificationRepository(Store);
        const string caseA = "c00000000000000a1", caseB = "c00000000000000b2";
        var a1 = Note(caseA, "offer:1", 0);
        var b1 = Note(caseB, "offer:2", 1);
        var a2 = Note(caseA, "offer:3", 2);
        foreach (var n in new[] { a1, b1, a2 }) Assert.True((await notifications.TryCreateAsync(n)).Created);
        var repeat = await notifications.TryCreateAsync(a1 with { Subject = "changed" });
        Assert.False(repeat.Created);
        Assert.Equal("s", repeat.Notification.Subject);
        await notifications.TryCreateAsync(Note(caseB, "offer:4", 3, specialist: "sp-other"));

        Assert.Equal([a1.Id, a2.Id], (await notifications.ForCaseAsync(caseA, PageRequest.First)).Items.Select(n => n.Id));
        var newest = await notifications.ForRecipientAsync("specialist:sp-n", new PageRequest(2));
        Assert.Equal([a2.Id, b1.Id], newest.Items.Select(n => n.Id));
        Assert.Equal([a1.Id], (await notifications.ForRecipientAsync("specialist:sp-n", new PageRequest(2, newest.ContinuationToken))).Items.Select(n => n.Id));
        Assert.Equal(4, (await notifications.PendingByDueTimeAsync(PageRequest.First)).Items.Count);
        Assert.Equal(a2.Id, (await notifications.PendingByDueTimeAsync(PageRequest.First)).Items[1].Id); // due at +8 min, after the one due at +7

        var (unchanged, changed) = await notifications.TryUpdateAsync(caseA, a2.Id, _ => null);
        Assert.False(changed);
        Assert.Equal(NotificationStatus.Pending, unchanged.Status);
        var (delivered, _) = await notifications.TryUpdateAsync(caseA, a2.Id, n => n with { Status = NotificationStatus.Delivered, DeliveredAt = T0.AddMinutes(3), NextAttemptAt = null });
        Assert.Equal(NotificationStatus.Delivered, (await notifications.FindAsync(caseA, a2.Id))!.Status);
        Assert.DoesNotContain((await notifications.PendingByDueTimeAsync(PageRequest.First)).Items, n => n.Id == a2.Id);
        Assert.Equal(NotificationStatus.Delivered, (await notifications.ForRecipientAsync("specialist:sp-n", PageRequest.First)).Items[0].Status);
        Assert.Equal(delivered.DeliveredAt, (await notifications.ForCaseAsync(caseA, PageRequest.First)).Items[1].DeliveredAt);
    }

    [Fact]
    public async Task a_batch_stays_on_the_open_list_until_it_is_finished_and_closed()
    {
        var batches = new BatchRepository(Store, TimeProvider.System);
        foreach (var id in new[] { "b00000000000000000001", "b00000000000000000002" })
            Assert.True(await batches.TryCreateAsync(new HospitalBatch(HospitalBatch.RecordId("hosp-a", id), "hosp-a", id, BatchStatus.Waiting, T0)));
        var first = (await batches.FindAsync("hosp-a", "b00000000000000000001"))!;
        await batches.ReplaceAsync(first.Value with { Status = BatchStatus.Accepted, CaseId = "h0000000000000001" }, first.ETag);

        // Finished, but listed until its inbox is cleaned and it is closed.
        Assert.Equal(["b00000000000000000001", "b00000000000000000002"], (await batches.OpenAsync(PageRequest.First)).Items.Select(b => b.BatchId));
        await batches.CloseAsync((await batches.FindAsync("hosp-a", "b00000000000000000001"))!.Value);
        Assert.Equal(["b00000000000000000002"], (await batches.OpenAsync(PageRequest.First)).Items.Select(b => b.BatchId));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => batches.ReplaceAsync(first.Value, first.ETag));
        Assert.False(await batches.TryCreateAsync(first.Value));
        Assert.Equal(["b00000000000000000002"], (await batches.OpenAsync(PageRequest.First)).Items.Select(b => b.BatchId));
    }
}

public sealed class SqliteRepositoryTests : RepositoryContract, IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"so-repos-{Guid.NewGuid():N}.db");

    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new SqliteDocumentStore(path));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}

[Collection(CosmosCollection.Name)]
public sealed class CosmosRepositoryTests(CosmosServerFixture server) : RepositoryContract
{
    private Microsoft.Azure.Cosmos.CosmosClient? client;

    protected override Task<IDocumentStore> CreateStoreAsync()
    {
        client = server.CreateClient();
        return Task.FromResult<IDocumentStore>(new CosmosDocumentStore(client, $"repos-{Guid.NewGuid():N}", createIfNotExists: true));
    }

    protected override Task DisposeStoreAsync()
    {
        client?.Dispose();
        return Task.CompletedTask;
    }
}
