using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Intake;

/// <summary>
/// One case in its patient's or referring hospital's own list (<c>GET /api/cases</c>): where it is,
/// its deadline and the latest patient-facing timeline entry. Nothing the case view does not already
/// show that caller: no identity, no question, no clinical content.
/// </summary>
/// <param name="SubmittedAt">When the records were submitted (the SLA clock's start); null while at intake.</param>
/// <param name="Status">The latest patient-facing timeline entry, as <c>GET /api/cases/{id}</c> shows it.</param>
/// <param name="ReportUrl">Where the signed report is, once there is one.</param>
public sealed record CaseListItem(
    string Id,
    CaseSource Source,
    string Stage,
    string Tier,
    string Category,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DueAt,
    bool Late,
    string Status,
    DateTimeOffset StatusAt,
    int Documents,
    DateTimeOffset? CompletedAt,
    string? ReportUrl)
{
    /// <summary>The case as its owner's list shows it; <see cref="Late"/> is decided when the list is read.</summary>
    public static CaseListItem From(CaseFile c)
    {
        var status = c.Timeline.LastOrDefault(t => t.PatientFacing);
        return new(c.Id, c.Source, Lower(c.Stage), Lower(c.Tier), Lower(c.Category), c.CreatedAt, c.RecordsCompletedAt, c.DueAt, Late: false,
            status?.Event ?? "", status?.At ?? c.CreatedAt, c.Documents.Count, c.CompletedAt, c.ReportJsonPath is null ? null : $"/api/cases/{c.Id}/report");
    }

    public CaseListItem At(DateTimeOffset now) => this with { Late = DueAt is { } due && (CompletedAt ?? now) > due };

    // As GET /api/cases/{id} writes them ("signoff", "standard"), so a portal maps one set of names.
    private static string Lower<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>
/// Whose list a case is on: the patient who created it (<c>patient:{subject}</c>) and the hospital that
/// referred it (<c>hospital:{id}</c>) — the same people <see cref="CaseService.CanSee"/> lets read it.
/// </summary>
public static class CaseParties
{
    public static string Patient(string subject) => $"patient:{subject}";

    public static string Hospital(string hospitalId) => $"hospital:{hospitalId}";

    public static IEnumerable<string> Of(CaseFile c)
    {
        if (c.Source == CaseSource.Patient) yield return Patient(c.OwnerSubject);
        if (c.HospitalId is { } hospital) yield return Hospital(hospital);
    }

    /// <summary>The list a caller may read: a patient's or a hospital's own; nobody else has one.</summary>
    public static string? For(Caller caller) => caller.Role switch
    {
        Roles.Patient => Patient(caller.Subject),
        Roles.Hospital => Hospital(caller.Subject),
        _ => null,
    };
}
