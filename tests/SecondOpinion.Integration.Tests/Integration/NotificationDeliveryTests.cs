using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Review;
using SecondOpinion.Infrastructure.Notifications;
using SecondOpinion.Infrastructure.Storage;
using SecondOpinion.Infrastructure.Storage.Repositories;
using SecondOpinion.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace SecondOpinion.Tests.Integration;

/// <summary>
/// Notifications through the MailKit adapter into a real development mail server (maildev), read
/// back over its REST API, over the SQLite store: what arrives, what is retried, what is recorded.
/// </summary>
public sealed class NotificationDeliveryTests : IClassFixture<MailDevRunner>, IDisposable
{
    private const string PatientName = "Zebulon Markerpatient";
    private const string PatientEmail = "zeb.marker@example.org";
    private const string Question = "Is the MARKERQUESTION valve replacement needed?";
    private const string Diagnosis = "MARKERDIAGNOSIS stenosis";
    private const string FileName = "zebulon-markerpatient-echo.pdf";

    private readonly string dbPath = Path.Combine(Path.GetTempPath(), $"so-notify-{Guid.NewGuid():N}.db");
    private readonly ManualClock clock = new(DateTimeOffset.UtcNow);
    private readonly SqliteDocumentStore store;
    private readonly NotificationRepository notifications;
    private readonly string caseId = CaseIds.New();
    private readonly string specialistEmail = $"sp-{Guid.NewGuid():N}@specialists.example.org";

    private readonly MailDevRunner mail;

    public NotificationDeliveryTests(MailDevRunner mail)
    {
        this.mail = mail;
        store = new SqliteDocumentStore(dbPath, clock);
        notifications = new NotificationRepository(store);
    }

    private string AssignmentId => Assignment.MakeId(caseId, "seat-1", 1);

    private NotificationService Service(IEmailSender sender, NotificationOptions? options = null) =>
        new(notifications, new CaseRepository(store), new AssignmentRepository(store), new SpecialistRepository(store), new HospitalRepository(store),
            sender, options ?? new NotificationOptions { LinkBaseUrl = new Uri("http://portal.test/"), MaxAttempts = 3 },
            new AuditLog(new AuditRepository(store), clock), clock, NullLogger<NotificationService>.Instance);

    private SmtpEmailSender Live => new(new SmtpSettings { Host = "127.0.0.1", Port = mail.SmtpPort, Security = SmtpSecurity.None, From = "SecondOpinion <notifications@secondopinion.localhost>" });

    /// <summary>A port nobody listens on: every attempt is refused.</summary>
    private static SmtpEmailSender Dead => new(new SmtpSettings { Host = "127.0.0.1", Port = FreePorts.Next(), Security = SmtpSecurity.None, Timeout = TimeSpan.FromSeconds(3) });

    private async Task SeedAsync()
    {
        var now = clock.GetUtcNow();
        await new CaseRepository(store).TryCreateAsync(new CaseFile
        {
            Id = caseId,
            Source = CaseSource.Patient,
            OwnerSubject = "patient-notify",
            Patient = new PatientDetails(PatientName, new DateOnly(1950, 2, 3), PatientEmail, "en", "US-OH"),
            Consent = new ConsentRecord(true, "v1", now),
            Category = CaseCategory.Cardiac,
            Question = Question,
            CurrentDiagnosis = Diagnosis,
            Tier = ServiceTier.Standard,
            Stage = CaseStage.Review,
            CreatedAt = now,
            Documents = [new CaseDocument("d01", FileName, "application/pdf", 10, "", now, "patient-notify")],
        });
        await new SpecialistRepository(store).UpsertAsync(new Specialist
        {
            Id = "sp-notify", Name = "Dr. Quill Reviewername", Email = specialistEmail, Subspecialties = ["cardiology"], LicensedJurisdictions = ["US-OH"], Languages = ["en"],
        });
        await new AssignmentRepository(store).TryCreateAsync(new Assignment
        {
            Id = AssignmentId, CaseId = caseId, SeatId = "seat-1", Subspecialty = "cardiology", SpecialistId = "sp-notify",
            Status = AssignmentStatus.Offered, OfferedAt = now, AcceptBy = now.AddHours(8),
        });
    }

    private NotificationRequest Offer => new(NotificationKind.Offer, caseId, $"offer:{AssignmentId}", NotificationAudience.Specialist, "sp-notify", AssignmentId);

    private static void AssertNoPatientData(string text)
    {
        foreach (var marker in new[] { "Zebulon", "Markerpatient", "MARKERQUESTION", "MARKERDIAGNOSIS", "valve", "stenosis", FileName, PatientEmail, "1950", "Quill", "Reviewername" })
            Assert.DoesNotContain(marker, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_offer_email_arrives_with_its_link_and_action_and_nothing_about_the_patient()
    {
        await SeedAsync();
        var service = Service(Live);

        var sent = (await service.NotifyAsync(Offer))!;

        Assert.Equal((NotificationStatus.Delivered, NotificationChannel.Email), (sent.Status, sent.Channel));
        Assert.True(Assert.Single(sent.Attempts).Delivered);
        var email = await mail.WaitForAsync(e => e.To.Contains(specialistEmail), "for the specialist");
        var link = $"http://portal.test/assignments/{AssignmentId}";
        Assert.Contains(caseId, email.Subject);
        Assert.Contains(link, email.Text);
        Assert.Contains(NotificationKinds.Of(NotificationKind.Offer).Action, email.Text);
        AssertNoPatientData(email.Subject);
        AssertNoPatientData(email.Text);
        Assert.Contains(sent.Id.Replace(':', '.'), email.MessageId);

        // The step is retried: the same notification, no second e-mail.
        var again = (await service.NotifyAsync(Offer))!;
        Assert.Equal(sent.Id, again.Id);
        Assert.Single(again.Attempts);
        Assert.Single(await mail.EmailsAsync(), e => e.To.Contains(specialistEmail));

        // The report is ready: the patient is told at their address, with a link and nothing else.
        var ready = (await service.NotifyAsync(NotificationRequest.ReportReady(caseId)[0]))!;
        Assert.Equal(NotificationStatus.Delivered, ready.Status);
        var toPatient = await mail.WaitForAsync(e => e.To.Contains(PatientEmail) && e.Subject.Contains(caseId), "for the patient");
        Assert.Contains($"http://portal.test/cases/{caseId}/report", toPatient.Text);
        AssertNoPatientData(toPatient.Subject);
        AssertNoPatientData(toPatient.Text);
        // A patient case has no referring hospital: nobody else is told.
        Assert.Null(await service.NotifyAsync(NotificationRequest.ReportReady(caseId)[1]));

        var recorded = (await notifications.ForCaseAsync(caseId, PageRequest.First)).Items;
        Assert.Equal([sent.Id, ready.Id], recorded.Select(n => n.Id));
        Assert.All(recorded, n => { AssertNoPatientData(SecondOpinionJson.Serialize(n)); });
        var inbox = await service.ListMineAsync(new Caller("sp-notify", Roles.Specialist), PageRequest.First);
        Assert.Equal(sent.Id, Assert.Single(inbox.Items).Id);
    }

    [Fact]
    public async Task an_email_that_cannot_be_delivered_stays_pending_and_the_dispatcher_delivers_it_later()
    {
        await SeedAsync();

        var first = (await Service(Dead).NotifyAsync(Offer))!;

        Assert.Equal(NotificationStatus.Pending, first.Status);
        var failed = Assert.Single(first.Attempts);
        Assert.False(failed.Delivered);
        Assert.StartsWith("smtp-connect-failed", failed.Error);
        Assert.Equal(failed.Error, first.LastError);
        Assert.Equal(first.Id, Assert.Single((await notifications.PendingByDueTimeAsync(PageRequest.First)).Items).Id);

        var live = Service(Live);
        Assert.Equal(0, await live.DispatchDueAsync()); // not due before its backoff
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(1, await live.DispatchDueAsync());

        var delivered = (await notifications.FindAsync(caseId, first.Id))!;
        Assert.Equal(NotificationStatus.Delivered, delivered.Status);
        Assert.Equal([false, true], delivered.Attempts.Select(a => a.Delivered));
        Assert.Empty((await notifications.PendingByDueTimeAsync(PageRequest.First)).Items);
        await mail.WaitForAsync(e => e.To.Contains(specialistEmail), "after the retry");
        Assert.Equal(0, await live.DispatchDueAsync());
    }

    [Fact]
    public async Task after_the_last_allowed_attempt_a_notification_is_failed_and_leaves_the_work_list()
    {
        await SeedAsync();
        var dead = Service(Dead);

        await dead.NotifyAsync(Offer);
        for (var i = 0; i < 4; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            await dead.DispatchDueAsync();
        }

        var given = (await notifications.FindAsync(caseId, NotificationIds.For(caseId, $"offer:{AssignmentId}", NotificationAudience.Specialist)))!;
        Assert.Equal(NotificationStatus.Failed, given.Status);
        Assert.Equal([1, 2, 3], given.Attempts.Select(a => a.Number));
        Assert.Empty((await notifications.PendingByDueTimeAsync(PageRequest.First)).Items);
    }

    [Fact]
    public async Task without_a_mail_server_notifications_wait_unspent_and_a_role_without_a_mailbox_reads_it_in_the_app()
    {
        await SeedAsync();
        var service = Service(new UnconfiguredEmailSender());

        var waiting = (await service.NotifyAsync(Offer))!;
        var escalation = (await service.NotifyAsync(new NotificationRequest(NotificationKind.Escalation, caseId, $"escalation:{caseId}-sla-at-risk", NotificationAudience.Ops)))!;

        Assert.Equal((NotificationStatus.Pending, "email-not-configured"), (waiting.Status, waiting.LastError));
        Assert.Empty(waiting.Attempts);
        Assert.Equal(0, await service.DispatchDueAsync());
        Assert.Equal((NotificationChannel.InApp, NotificationStatus.Delivered), (escalation.Channel, escalation.Status));
        Assert.Equal($"http://portal.test/ops/escalations?caseId={caseId}", escalation.Link.AbsoluteUri);
        var opsInbox = await service.ListMineAsync(new Caller("ops-nadia", Roles.Ops), PageRequest.First);
        Assert.Equal(escalation.Id, Assert.Single(opsInbox.Items).Id);
        Assert.Empty((await service.ListMineAsync(new Caller("dr-dee", Roles.Director), PageRequest.First)).Items);

        // A mail server configured later (a restart) sends what waited.
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Service(Live).DispatchDueAsync());
        Assert.Equal(NotificationStatus.Delivered, (await notifications.FindAsync(caseId, waiting.Id))!.Status);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(dbPath + suffix);
    }
}
