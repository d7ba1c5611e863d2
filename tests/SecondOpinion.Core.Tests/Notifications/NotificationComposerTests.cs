using SecondOpinion.Core.Common;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Tests.Notifications;

public sealed class NotificationComposerTests
{
    private static readonly Uri Portal = new("https://portal.example.org/app");
    private const string CaseId = "c0123456789abcdef";
    private const string AssignmentId = "c0123456789abcdef-seat-1-1";

    [Fact]
    public void every_kind_is_in_the_catalogue_once_with_its_json_name()
    {
        Assert.Equal(Enum.GetValues<NotificationKind>().Order(), NotificationKinds.Catalogue.Select(k => k.Kind).Order());
        Assert.Equal(
            ["offer", "reminder-offer", "reminder-opinion", "reminder-intake", "escalation", "signoff-request", "reminder-signoff", "revision-request", "report-ready",
             "followup-question", "followup-answer", "case-cancelled", "assignment-withdrawn", "records-needed", "record-unreadable"],
            Enum.GetValues<NotificationKind>().Select(EnumNames.Of));
    }

    [Theory]
    [InlineData(NotificationKind.Offer, "https://portal.example.org/app/assignments/c0123456789abcdef-seat-1-1")]
    [InlineData(NotificationKind.ReminderOpinion, "https://portal.example.org/app/assignments/c0123456789abcdef-seat-1-1")]
    [InlineData(NotificationKind.ReminderIntake, "https://portal.example.org/app/cases/c0123456789abcdef")]
    [InlineData(NotificationKind.Escalation, "https://portal.example.org/app/ops/escalations?caseId=c0123456789abcdef")]
    [InlineData(NotificationKind.SignoffRequest, "https://portal.example.org/app/director/cases/c0123456789abcdef")]
    [InlineData(NotificationKind.ReportReady, "https://portal.example.org/app/cases/c0123456789abcdef/report")]
    public void a_message_links_to_where_the_action_is_done(NotificationKind kind, string link)
    {
        var message = NotificationComposer.Compose(kind, CaseId, AssignmentId, Portal);
        Assert.Equal(link, message.Link.AbsoluteUri);
        Assert.Contains(link, message.Body);
        Assert.Contains(NotificationKinds.Of(kind).Action, message.Body);
        Assert.Contains(CaseId, message.Subject);
    }

    [Fact]
    public void every_kind_composes_from_ids_and_a_link_alone()
    {
        foreach (var info in NotificationKinds.Catalogue)
        {
            var message = NotificationComposer.Compose(info.Kind, CaseId, AssignmentId, Portal);
            // The words are the catalogue's; the only variable parts are the ids and the link.
            var fixedText = message.Body.Replace(CaseId, "").Replace(AssignmentId, "").Replace(message.Link.AbsoluteUri, "");
            Assert.DoesNotContain("c0123456789abcdef", fixedText);
            Assert.StartsWith($"SecondOpinion: {info.Title}", message.Subject);
        }
    }

    [Theory]
    [InlineData("Alex Doe")]
    [InlineData("c0123456789abcdef\nDiagnosis: adenocarcinoma")]
    [InlineData("")]
    public void anything_but_an_id_is_refused_where_an_id_goes(string notAnId)
    {
        Assert.Throws<ArgumentException>(() => NotificationComposer.Compose(NotificationKind.ReportReady, notAnId, null, Portal));
        Assert.Throws<ArgumentException>(() => NotificationComposer.Compose(NotificationKind.Offer, CaseId, notAnId, Portal));
    }

    [Fact]
    public void a_retried_step_names_the_same_notification_and_each_recipient_its_own()
    {
        var reminder = NotificationRequest.Reminder(new ReminderRequest(CaseId, ReminderKind.Offer, AssignmentId), $"reminder:offer:{AssignmentId}");
        Assert.Equal((NotificationKind.ReminderOffer, NotificationAudience.Specialist, AssignmentId), (reminder.Kind, reminder.To, reminder.AssignmentId));
        Assert.Equal(NotificationIds.For(CaseId, "report-ready", NotificationAudience.Patient), NotificationIds.For(CaseId, "report-ready", NotificationAudience.Patient));
        var ready = NotificationRequest.ReportReady(CaseId);
        Assert.Equal(2, ready.Select(r => NotificationIds.For(r.CaseId, r.Step, r.To)).Distinct().Count());
    }

    [Fact]
    public void retries_back_off_doubling_up_to_the_cap()
    {
        var options = new NotificationOptions { RetryBackoff = TimeSpan.FromSeconds(30), MaxRetryBackoff = TimeSpan.FromMinutes(3) };
        Assert.Equal([30, 60, 120, 180, 180], Enumerable.Range(1, 5).Select(a => (int)options.BackoffAfter(a).TotalSeconds));
    }

    [Fact]
    public void a_caller_reads_their_own_list_and_operations_their_roles_mailbox()
    {
        Assert.Equal("specialist:sp-001", NotificationRecipient.Of(new Caller("sp-001", Roles.Specialist))!.InAppKey);
        Assert.Equal("patient:patient-42", NotificationRecipient.Of(new Caller("patient-42", Roles.Patient))!.InAppKey);
        Assert.Equal("ops:ops", NotificationRecipient.Of(new Caller("ops-alice", Roles.Ops))!.InAppKey);
        Assert.Equal("director:director", NotificationRecipient.Of(new Caller("dr-who", Roles.Director))!.InAppKey);
        Assert.Null(new NotificationRecipient(NotificationAudience.Patient, null).InAppKey);
    }
}
