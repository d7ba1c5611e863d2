using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Records;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Review;

/// <summary>The materials a reviewer needs: the question, the records (text and a link to each original), the triage.</summary>
public sealed record CaseMaterials(
    string AssignmentId,
    string CaseId,
    string SeatId,
    string Subspecialty,
    CaseCategory Category,
    string Question,
    string? CurrentDiagnosis,
    string? ProposedTreatment,
    int PatientAgeYears,
    string PatientJurisdiction,
    IReadOnlyList<MaterialDocument> Documents,
    Triage.TriageResult? Triage,
    DateTimeOffset? OpinionDueAt);

public sealed record MaterialDocument(string DocumentId, string FileName, string ContentType, string? ExtractionMethod, string? Text, IReadOnlyList<ClinicalFact> Facts);

/// <summary>What a specialist does: see offers, accept or decline, read the case, submit an opinion.</summary>
public sealed class AssignmentService(CaseStore cases, IFileStore files, ICaseWorkflowClient workflow, AuditLog audit, TimeProvider clock)
{
    public async Task<IReadOnlyList<Assignment>> ListMineAsync(Caller caller, CancellationToken ct = default) =>
        (await cases.AllAssignmentsAsync(ct))
            .Where(a => a.SpecialistId == caller.Subject && (a.IsActive || a.Status == AssignmentStatus.Completed))
            .OrderBy(a => a.OfferedAt).ToList();

    private async Task<Assignment?> FindMineAsync(Caller caller, string assignmentId, CancellationToken ct)
    {
        var caseId = CaseIdOf(assignmentId);
        if (caseId is null) return null;
        var assignment = await cases.FindAssignmentAsync(caseId, assignmentId, ct);
        return assignment is not null && assignment.SpecialistId == caller.Subject ? assignment : null;
    }

    /// <summary>Assignment ids are "{caseId}-{seatId}-{attempt}"; the case id is the partition key.</summary>
    public static string? CaseIdOf(string assignmentId)
    {
        var dash = assignmentId.IndexOf('-');
        if (dash <= 0 || assignmentId.Length > 64) return null;
        var caseId = assignmentId[..dash];
        return CaseStore.IsWellFormedCaseId(caseId) ? caseId : null;
    }

    public Task<Outcome<Assignment>> AcceptAsync(Caller caller, string assignmentId, CancellationToken ct = default) => AnswerAsync(caller, assignmentId, true, ct);

    public Task<Outcome<Assignment>> DeclineAsync(Caller caller, string assignmentId, CancellationToken ct = default) => AnswerAsync(caller, assignmentId, false, ct);

    private async Task<Outcome<Assignment>> AnswerAsync(Caller caller, string assignmentId, bool accept, CancellationToken ct)
    {
        var assignment = await FindMineAsync(caller, assignmentId, ct);
        if (assignment is null) return new Outcome<Assignment>.NotFound($"No assignment {assignmentId} for this specialist.");
        var wanted = accept ? AssignmentStatus.Accepted : AssignmentStatus.Declined;
        if (assignment.Status == wanted)
        {
            // Answering twice is harmless, and re-raising heals a first attempt whose event was lost.
            await workflow.RaiseEventAsync(assignment.CaseId, CaseEvents.Answer(assignmentId), new AssignmentAnswered(accept), ct);
            return assignment;
        }
        if (assignment.Status != AssignmentStatus.Offered)
            return new Outcome<Assignment>.Conflict($"The offer is {assignment.Status.ToString().ToLowerInvariant()} and can no longer be answered.");
        var now = clock.GetUtcNow();
        var updated = await cases.UpdateAssignmentAsync(assignment.CaseId, assignmentId, a => a.Status == AssignmentStatus.Offered
            ? a with { Status = wanted, AcceptedAt = accept ? now : null, ClosedAt = accept ? null : now }
            : a, ct);
        if (updated.Status != wanted)
            return new Outcome<Assignment>.Conflict($"The offer is {updated.Status.ToString().ToLowerInvariant()} and can no longer be answered.");
        await cases.UpdateAsync(assignment.CaseId, c => c.WithEvent($"{caller.Subject} {(accept ? "accepted" : "declined")} {assignment.SeatId}.", now), ct);
        await workflow.RaiseEventAsync(assignment.CaseId, CaseEvents.Answer(assignmentId), new AssignmentAnswered(accept), ct);
        return updated;
    }

    public async Task<Outcome<CaseMaterials>> GetMaterialsAsync(Caller caller, string assignmentId, CancellationToken ct = default)
    {
        var assignment = await FindMineAsync(caller, assignmentId, ct);
        if (assignment is null) return new Outcome<CaseMaterials>.NotFound($"No assignment {assignmentId} for this specialist.");
        if (assignment.Status is not (AssignmentStatus.Accepted or AssignmentStatus.Completed))
            return new Outcome<CaseMaterials>.Forbidden("Accept the offer before reading the case.");
        var caseFile = await cases.GetAsync(assignment.CaseId, ct);
        var documents = new List<MaterialDocument>();
        foreach (var d in caseFile.Documents)
        {
            var text = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentText(caseFile.Id, d.Id), ct);
            var factsJson = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(caseFile.Id, d.Id), ct);
            var facts = factsJson is null ? [] : SecondOpinionJson.Deserialize<List<ClinicalFact>>(factsJson);
            documents.Add(new MaterialDocument(d.Id, d.FileName, d.ContentType, d.Extraction?.Method.ToString(), text, facts));
        }
        await audit.RecordAsync(caseFile.Id, caller, "case.materials.read", $"assignments/{assignmentId}/case", ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var age = today.Year - caseFile.Patient.DateOfBirth.Year - (today < caseFile.Patient.DateOfBirth.AddYears(today.Year - caseFile.Patient.DateOfBirth.Year) ? 1 : 0);
        // Reviewers see age and jurisdiction, not the patient's name or contact details: they do not need them.
        return new CaseMaterials(assignmentId, caseFile.Id, assignment.SeatId, assignment.Subspecialty, caseFile.Category, caseFile.Question,
            caseFile.CurrentDiagnosis, caseFile.ProposedTreatment, age, caseFile.Patient.Jurisdiction, documents, caseFile.Triage, assignment.OpinionDueAt);
    }

    public async Task<Outcome<Assignment>> SubmitOpinionAsync(Caller caller, string assignmentId, OpinionRequest? request, CancellationToken ct = default)
    {
        var assignment = await FindMineAsync(caller, assignmentId, ct);
        if (assignment is null) return new Outcome<Assignment>.NotFound($"No assignment {assignmentId} for this specialist.");
        var now = clock.GetUtcNow();
        var (opinion, errors) = OpinionValidator.Validate(request, now);
        if (opinion is null) return new Outcome<Assignment>.Invalid(errors.ToDictionary());
        if (assignment.Status == AssignmentStatus.Completed)
        {
            // The opinion is kept as first given; re-raising heals a first attempt whose event was lost.
            await workflow.RaiseEventAsync(assignment.CaseId, CaseEvents.Opinion(assignmentId), new OpinionSubmitted(assignment.Opinion!.SubmittedAt), ct);
            return new Outcome<Assignment>.Conflict("An opinion was already submitted for this assignment.");
        }
        if (assignment.Status != AssignmentStatus.Accepted)
            return new Outcome<Assignment>.Conflict($"The assignment is {assignment.Status.ToString().ToLowerInvariant()}; accept an offer before giving an opinion.");
        var updated = await cases.UpdateAssignmentAsync(assignment.CaseId, assignmentId, a => a.Status == AssignmentStatus.Accepted
            ? a with { Status = AssignmentStatus.Completed, Opinion = opinion, ClosedAt = now }
            : a, ct);
        if (updated.Status != AssignmentStatus.Completed || updated.Opinion != opinion)
            return new Outcome<Assignment>.Conflict($"The assignment is {updated.Status.ToString().ToLowerInvariant()}; the opinion was not recorded.");
        await cases.UpdateAsync(assignment.CaseId, c => c.WithEvent($"Opinion received for {assignment.SeatId}.", now), ct);
        await workflow.RaiseEventAsync(assignment.CaseId, CaseEvents.Opinion(assignmentId), new OpinionSubmitted(now), ct);
        return new Outcome<Assignment>.Ok(updated, Created: true);
    }
}
