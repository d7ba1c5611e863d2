using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SecondOpinion.Core.Common;

/// <summary>
/// The platform's own traces and metrics, in one place. Tags carry ids, stages and kinds only: never
/// patient data. The hosting project subscribes OpenTelemetry to <see cref="Name"/>.
/// </summary>
public static class Telemetry
{
    public const string Name = "SecondOpinion";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> StageEntered = Meter.CreateCounter<long>("secondopinion.case.stage_entered", "{case}", "Cases entering each stage.");
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>("secondopinion.case.stage_duration", "h", "Time a case spent in the stage it left.");
    public static readonly Counter<long> SlaAtRisk = Meter.CreateCounter<long>("secondopinion.sla.at_risk", "{case}", "Cases whose SLA became at risk.");
    public static readonly Counter<long> SlaBreached = Meter.CreateCounter<long>("secondopinion.sla.breached", "{case}", "Cases whose SLA was breached.");
    public static readonly Counter<long> RemindersSent = Meter.CreateCounter<long>("secondopinion.reminders", "{reminder}", "Reminders sent, by kind.");
    public static readonly Counter<long> EscalationsRaised = Meter.CreateCounter<long>("secondopinion.escalations", "{escalation}", "Escalations raised, by reason.");
    public static readonly Histogram<double> OcrPagesPerSecond = Meter.CreateHistogram<double>("secondopinion.ocr.pages_per_second", "{page}/s", "OCR throughput per document.");
    public static readonly Histogram<double> StoreRequestCharge = Meter.CreateHistogram<double>("secondopinion.store.request_charge", "RU", "Cosmos DB request units per store operation.");
    public static readonly Counter<long> NotificationsRecorded = Meter.CreateCounter<long>("secondopinion.notifications", "{notification}", "Notifications recorded, by kind and channel.");
    public static readonly Counter<long> NotificationAttempts = Meter.CreateCounter<long>("secondopinion.notification.attempts", "{attempt}", "E-mail delivery attempts, by kind and outcome.");

    /// <summary>A span for one workflow step, tagged with the case id.</summary>
    public static Activity? StartStep(string step, string caseId)
    {
        var activity = Source.StartActivity(step, ActivityKind.Internal);
        activity?.SetTag("secondopinion.case_id", caseId);
        return activity;
    }
}
