using SecondOpinion.Core.Audit;
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
    DateTimeOffset? OpinionDueAt)
{
    /// <summary>
    /// The other opinions on this case, by seat and subspecialty (not by name): for the tie-breaker,
    /// who decides between them, and for a reviewer asked to revise.
    /// </summary>
    public IReadOnlyList<PanelOpinion> PanelOpinions { get; init; } = [];
    /// <summary>The medical director's question when the report was returned to the panel.</summary>
    public string? DirectorQuestion { get; init; }
    /// <summary>The patient's follow-up questions after the report was signed, for the panel to answer.</summary>
    public IReadOnlyList<FollowUp.FollowUpView> FollowUpQuestions { get; init; } = [];
}

public sealed record PanelOpinion(string SeatId, string Subspecialty, Opinion Opinion);

/// <summary>One record as a reviewer sees it: labelled "Record 2 (PDF, 3 pages)", never by its file name (which can carry a name).</summary>
public sealed record MaterialDocument(string DocumentId, string Label, string ContentType, string? ExtractionMethod, string? Text, IReadOnlyList<ClinicalFact> Facts)
{
    /// <summary>Where the original file is, to show in the page (<c>GET /api/assignments/{id}/documents/{documentId}</c>).</summary>
    public string? OriginalUrl { get; init; }
}

/// <summary>Which of a specialist's assignments to list.</summary>
public enum AssignmentListing { Active, Completed }

/// <summary>What a specialist does: see offers, accept or decline, read the case, submit an opinion.</summary>
public sealed class AssignmentService(ICaseRepository cases, IAssignmentRepository assignments, IFileStore files, ICaseWorkflowClient workflow, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// The caller's own assignments: open offers and reviews, oldest offer first (the default), or the
    /// opinions they gave in one month (<paramref name="month"/>, this month by default), newest
    /// first. Paged; reads only this specialist's partition for that listing.
    /// </summary>
    public async Task<Page<Assignment>> ListMineAsync(Caller caller, AssignmentListing listing, (int Year, int Month)? month, PageRequest page, CancellationToken ct = default)
    {
        var (year, monthOfYear) = month ?? (clock.GetUtcNow().Year, clock.GetUtcNow().Month);
        var mine = listing == AssignmentListing.Completed
            ? await assignments.ClosedForSpecialistAsync(caller.Subject, year, monthOfYear, [AssignmentStatus.Completed], page, ct)
            : await assignments.OpenForSpecialistAsync(caller.Subject, page, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.AssignmentsList, "assignments", Detail: $"{mine.Items.Count} {EnumNames.Of(listing)} assignment(s)"), ct);
        return mine;
    }

    /// <summary>The assignment if it is this specialist's; someone else's is audited in its case's chain and not disclosed.</summary>
    private async Task<Assignment?> FindMineAsync(Caller caller, string assignmentId, string action, CancellationToken ct)
    {
        var caseId = CaseIdOf(assignmentId);
        if (caseId is null) return null;
        var assignment = await assignments.FindAsync(caseId, assignmentId, ct);
        if (assignment is null) return null;
        if (assignment.SpecialistId == caller.Subject) return assignment;
        await audit.RecordAsync(caller, new AuditEvent(action, $"assignments/{assignmentId}", AuditOutcome.NotYours, CaseId: caseId), ct);
        return null;
    }

    /// <summary>Assignment ids are "{caseId}-{seatId}-{attempt}"; the case id is the partition key.</summary>
    public static string? CaseIdOf(string assignmentId)
    {
        var dash = assignmentId.IndexOf('-');
        if (dash <= 0 || assignmentId.Length > 64) return null;
        var caseId = assignmentId[..dash];
        return CaseIds.IsWellFormed(caseId) ? caseId : null;
    }

    public Task<Outcome<Assignment>> AcceptAsync(Caller caller, string assignmentId, CancellationToken ct = default) => AnswerAsync(caller, assignmentId, true, ct);

    public Task<Outcome<Assignment>> DeclineAsync(Caller caller, string assignmentId, CancellationToken ct = default) => AnswerAsync(caller, assignmentId, false, ct);

    private async Task<Outcome<Assignment>> AnswerAsync(Caller caller, string assignmentId, bool accept, CancellationToken ct)
    {
        var action = accept ? AuditActions.AssignmentAccept : AuditActions.AssignmentDecline;
        var assignment = await FindMineAsync(caller, assignmentId, action, ct);
        if (assignment is null) return new Outcome<Assignment>.NotFound($"No assignment {assignmentId} for this specialist.");
        var wanted = accept ? AssignmentStatus.Accepted : AssignmentStatus.Declined;
        if (assignment.Status == wanted)
        {
            // Answering twice changes nothing; only a first attempt that stopped before telling the
            // workflow is finished here.
            return assignment.AnswerRaised ? assignment : await RaiseAnswerAsync(assignment, accept, ct);
        }
        if (assignment.Status != AssignmentStatus.Offered)
            return new Outcome<Assignment>.Conflict($"The offer is {assignment.Status.ToString().ToLowerInvariant()} and can no longer be answered.");
        var now = clock.GetUtcNow();
        var updated = await assignments.UpdateAsync(assignment.CaseId, assignmentId, a => a.Status == AssignmentStatus.Offered
            ? a with { Status = wanted, AcceptedAt = accept ? now : null, ClosedAt = accept ? null : now }
            : a, ct);
        if (updated.Status != wanted)
            return new Outcome<Assignment>.Conflict($"The offer is {updated.Status.ToString().ToLowerInvariant()} and can no longer be answered.");
        await cases.UpdateAsync(assignment.CaseId, c => c.WithEvent($"{caller.Subject} {(accept ? "accepted" : "declined")} {assignment.SeatId}.", now), ct);
        await audit.RecordAsync(assignment.CaseId, caller, action, $"assignments/{assignmentId}", ct);
        return await RaiseAnswerAsync(updated, accept, ct);
    }

    private async Task<Assignment> RaiseAnswerAsync(Assignment assignment, bool accept, CancellationToken ct)
    {
        await workflow.RaiseEventAsync(assignment.CaseId, CaseEvents.Answer(assignment.Id), new AssignmentAnswered(accept), ct);
        return await assignments.UpdateAsync(assignment.CaseId, assignment.Id, a => a with { AnswerRaised = true }, ct);
    }

    public async Task<Outcome<CaseMaterials>> GetMaterialsAsync(Caller caller, string assignmentId, CancellationToken ct = default)
    {
        var assignment = await FindMineAsync(caller, assignmentId, AuditActions.MaterialsDisclosed, ct);
        if (assignment is null) return new Outcome<CaseMaterials>.NotFound($"No assignment {assignmentId} for this specialist.");
        if (assignment.Status is not (AssignmentStatus.Accepted or AssignmentStatus.Completed))
            return new Outcome<CaseMaterials>.Forbidden("Accept the offer before reading the case.");
        var caseFile = await cases.GetAsync(assignment.CaseId, ct);
        var documents = new List<MaterialDocument>();
        for (var i = 0; i < caseFile.Documents.Count; i++)
        {
            var d = caseFile.Documents[i];
            var text = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentText(caseFile.Id, d.Id), ct);
            var factsJson = await files.ReadTextAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentFacts(caseFile.Id, d.Id), ct);
            var facts = factsJson is null ? [] : SecondOpinionJson.Deserialize<List<ClinicalFact>>(factsJson);
            documents.Add(new MaterialDocument(d.Id, d.Label(i), d.ContentType, d.Extraction?.Method.ToString(), text, facts)
            {
                OriginalUrl = $"/api/assignments/{assignmentId}/documents/{d.Id}",
            });
        }
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.MaterialsDisclosed, $"assignments/{assignmentId}/case", CaseId: caseFile.Id,
            Detail: $"{documents.Count} record(s) to seat {assignment.SeatId}"), ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var age = today.Year - caseFile.Patient.DateOfBirth.Year - (today < caseFile.Patient.DateOfBirth.AddYears(today.Year - caseFile.Patient.DateOfBirth.Year) ? 1 : 0);
        // Reviewers see age and jurisdiction, not the patient's name or contact details: they do not need them.
        var question = assignment.ReopenedFor is { } decision ? caseFile.SignOffs.FirstOrDefault(s => s.Id == decision)?.Note : null;
        IReadOnlyList<PanelOpinion> others = Matching.SeatIds.IsTieBreaker(assignment.SeatId) || assignment.Revision > 0
            ? (await assignments.ForCaseAsync(caseFile.Id, ct))
                .Where(a => a.Id != assignment.Id && a.Opinion is not null && a.Status is AssignmentStatus.Completed or AssignmentStatus.Accepted)
                .OrderBy(a => a.SeatId, StringComparer.Ordinal)
                .Select(a => new PanelOpinion(a.SeatId, a.Subspecialty, a.Opinion!)).ToList()
            : [];
        return new CaseMaterials(assignmentId, caseFile.Id, assignment.SeatId, assignment.Subspecialty, caseFile.Category, caseFile.Question,
            caseFile.CurrentDiagnosis, caseFile.ProposedTreatment, age, caseFile.Patient.Jurisdiction, documents, caseFile.Triage, assignment.OpinionDueAt)
        {
            PanelOpinions = others,
            DirectorQuestion = question,
            FollowUpQuestions = assignment.Status == AssignmentStatus.Completed ? caseFile.FollowUps.Select(FollowUp.FollowUpService.View).ToList() : [],
        };
    }

    /// <summary>
    /// One original record of the assignment's case, for its specialist once they accepted (as the
    /// materials are). Shown as "record-2.pdf": reviewers do not see file names, which can name the patient.
    /// </summary>
    public async Task<Outcome<RecordFile>> OpenDocumentAsync(Caller caller, string assignmentId, string documentId, CancellationToken ct = default)
    {
        var assignment = await FindMineAsync(caller, assignmentId, AuditActions.DocumentRead, ct);
        if (assignment is null) return new Outcome<RecordFile>.NotFound($"No assignment {assignmentId} for this specialist.");
        if (assignment.Status is not (AssignmentStatus.Accepted or AssignmentStatus.Completed))
            return new Outcome<RecordFile>.Forbidden("Accept the offer before reading the case.");
        var caseFile = await cases.GetAsync(assignment.CaseId, ct);
        if (RecordFiles.Find(caseFile, documentId) is not { } found)
            return new Outcome<RecordFile>.NotFound($"The case of assignment {assignmentId} has no record {documentId}.");
        var (document, index) = found;
        var file = await RecordFiles.OpenAsync(files, caseFile, document, RecordFiles.NeutralName(document, index), ct);
        if (file is null) return new Outcome<RecordFile>.NotFound($"Record {documentId} is missing from storage.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.DocumentRead, $"assignments/{assignmentId}/documents/{documentId}", CaseId: caseFile.Id,
            Detail: $"record {index + 1} to seat {assignment.SeatId}"), ct);
        return file;
    }

    public async Task<Outcome<Assignment>> SubmitOpinionAsync(Caller caller, string assignmentId, OpinionRequest? request, CancellationToken ct = default)
    {
        var assignment = await FindMineAsync(caller, assignmentId, AuditActions.OpinionSubmit, ct);
        if (assignment is null) return new Outcome<Assignment>.NotFound($"No assignment {assignmentId} for this specialist.");
        var now = clock.GetUtcNow();
        var (opinion, errors) = OpinionValidator.Validate(request, now);
        if (opinion is null) return new Outcome<Assignment>.Invalid(errors.ToDictionary());
        if (assignment.Status == AssignmentStatus.Completed)
        {
            // The opinion is kept as first given; only a first attempt that stopped before telling the
            // workflow is finished here.
            if (!assignment.OpinionRaised) await RaiseOpinionAsync(assignment, ct);
            return new Outcome<Assignment>.Conflict("An opinion was already submitted for this assignment.");
        }
        if (assignment.Status != AssignmentStatus.Accepted)
            return new Outcome<Assignment>.Conflict($"The assignment is {assignment.Status.ToString().ToLowerInvariant()}; accept an offer before giving an opinion.");
        // A revision (the director returned the report) keeps the opinion it replaces.
        var updated = await assignments.UpdateAsync(assignment.CaseId, assignmentId, a => a.Status == AssignmentStatus.Accepted
            ? a with { Status = AssignmentStatus.Completed, Opinion = opinion, ClosedAt = now, PreviousOpinions = a.Opinion is null ? a.PreviousOpinions : [.. a.PreviousOpinions, a.Opinion] }
            : a, ct);
        if (updated.Status != AssignmentStatus.Completed || updated.Opinion != opinion)
            return new Outcome<Assignment>.Conflict($"The assignment is {updated.Status.ToString().ToLowerInvariant()}; the opinion was not recorded.");
        await cases.UpdateAsync(assignment.CaseId, c => c.WithEvent($"Opinion received for {assignment.SeatId}.", now), ct);
        await audit.RecordAsync(assignment.CaseId, caller, AuditActions.OpinionSubmit, $"assignments/{assignmentId}/opinion", ct);
        return new Outcome<Assignment>.Ok(await RaiseOpinionAsync(updated, ct), Created: true);
    }

    private async Task<Assignment> RaiseOpinionAsync(Assignment assignment, CancellationToken ct)
    {
        await workflow.RaiseEventAsync(assignment.CaseId, CaseEvents.Opinion(assignment.Id, assignment.Revision), new OpinionSubmitted(assignment.Opinion!.SubmittedAt), ct);
        return await assignments.UpdateAsync(assignment.CaseId, assignment.Id, a => a with { OpinionRaised = true }, ct);
    }
}
