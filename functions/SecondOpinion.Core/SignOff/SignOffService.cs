using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Reports;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Triage;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.SignOff;

/// <summary>A case waiting for the medical director, as the sign-off queue lists it: no patient identity.</summary>
public sealed record SignOffQueueItem(string CaseId, CaseCategory Category, ServiceTier Tier, DateTimeOffset? DueAt, DateTimeOffset? SignOffDueAt, int Round,
    ConsensusMethod? Method, string? Summary, IReadOnlyList<string> Flags);

/// <summary>One opinion side by side with the others, with who gave it and what they said before any revision.</summary>
public sealed record SignOffOpinion(string AssignmentId, string SeatId, string Subspecialty, string SpecialistId, string SpecialistName, bool TieBreaker, bool Dissenting,
    int Revision, Opinion Opinion, IReadOnlyList<Opinion> PreviousOpinions);

/// <summary>What the director reads before signing: the question, every opinion, the consensus, the triage evidence and the flags.</summary>
public sealed record SignOffPacket(
    string CaseId,
    CaseCategory Category,
    ServiceTier Tier,
    string Question,
    string? CurrentDiagnosis,
    string? ProposedTreatment,
    int PatientAgeYears,
    string PatientJurisdiction,
    DateTimeOffset? DueAt,
    DateTimeOffset? SignOffDueAt,
    int Round,
    ConsensusResult? Consensus,
    string? HowReached,
    IReadOnlyList<SignOffOpinion> Opinions,
    TriageResult? Triage,
    IReadOnlyList<string> Flags,
    IReadOnlyList<SignOffRecord> Decisions,
    IReadOnlyList<string> Decide)
{
    /// <summary>Triage's recommendation of a faster tier, with its evidence; the director may accept it.</summary>
    public TierRecommendation? TierRecommendation { get; init; }
}

/// <summary>The flags a director sees on a case, each a short stable name.</summary>
public static class SignOffFlags
{
    public const string Discordant = "discordant";
    public const string TieBreakerDecided = "tie-breaker-decided";
    public const string DirectorDecides = "director-decides";
    public const string NoOpinions = "no-opinions";
    public const string Late = "late";
    public const string UnreadableRecords = "unreadable-records";
    public const string UrgentFindings = "urgent-findings";
    public const string Returned = "returned-before";
    public const string TierRaiseRecommended = "tier-raise-recommended";
    /// <summary>The form's category and the records' disagree (the triage result holds both sides and the evidence).</summary>
    public const string CategoryMismatch = "category-mismatch";

    public static IReadOnlyList<string> For(CaseFile c, DateTimeOffset now)
    {
        var flags = new List<string>();
        if (c.Consensus is { } consensus)
        {
            if (consensus.Method == ConsensusMethod.NoOpinions) flags.Add(NoOpinions);
            else if (consensus.Method == ConsensusMethod.DirectorDecides) flags.Add(DirectorDecides);
            else if (consensus.Method == ConsensusMethod.TieBreaker) flags.Add(TieBreakerDecided);
            if (!consensus.Concordant && consensus.OpinionCount > 0) flags.Add(Discordant);
        }
        if (c.DueAt is { } due && now > due) flags.Add(Late);
        if (c.Documents.Any(d => d.Extraction?.Error is not null)) flags.Add(UnreadableRecords);
        if (c.Triage?.Urgency == Urgency.Urgent) flags.Add(UrgentFindings);
        if (c.SignOffs.Any(s => s.Decision != SignOffDecision.Sign)) flags.Add(Returned);
        if (c.TierRecommendation is { Accepted: false }) flags.Add(TierRaiseRecommended);
        if (c.Triage?.Mismatch is not null) flags.Add(CategoryMismatch);
        return flags;
    }
}

/// <summary>
/// The medical director's side of the clinical loop: the queue of drafts, the packet for one case,
/// and the decision (sign, return with a question, add a reviewer), which the workflow carries out.
/// </summary>
public sealed class SignOffService(ICaseRepository cases, IAssignmentRepository assignments, SpecialistDirectory directory, SignOffPolicy policy,
    ICaseWorkflowClient workflow, AuditLog audit, DeadlinePolicy deadlines, BusinessCalendars calendars, TimeProvider clock)
{
    /// <summary>
    /// The director raises a case to a faster tier (usually as triage recommended): the case's due time
    /// is counted again from its records on the new tier, and the workflow's SLA watch moves with it.
    /// Only raises; repeating the same tier changes nothing.
    /// </summary>
    public async Task<Outcome<CaseFile>> RaiseTierAsync(Caller caller, string caseId, TierRaiseRequest? request, CancellationToken ct = default)
    {
        if (policy.Find(caller.Subject) is null)
            return new Outcome<CaseFile>.Forbidden("Only a registered medical director may change a case's tier (SignOff:Directors).");
        var c = CaseIds.IsWellFormed(caseId) ? await cases.FindAsync(caseId, ct) : null;
        if (c is null) return new Outcome<CaseFile>.NotFound($"No case {caseId}.");
        if (!ServiceTiers.TryParse(request?.Tier, out var tier))
            return new Outcome<CaseFile>.Invalid(new Dictionary<string, string[]> { ["tier"] = ["One of: standard, expedited, urgent."] });
        if (c.Stage.IsClosed()) return new Outcome<CaseFile>.Conflict($"The case is {EnumNames.Of(c.Stage)}.");
        if (c.Tier == tier && c.TierRecommendation is { Accepted: true, Raised: true }) return c;
        if (c.Tier != tier && !ServiceTiers.IsFaster(tier, c.Tier))
            return new Outcome<CaseFile>.Conflict($"The case is on the {EnumNames.Of(c.Tier)} tier; a tier can only be raised.");
        var now = clock.GetUtcNow();
        var updated = await cases.UpdateAsync(caseId, x => x.Tier == tier && x.TierRecommendation is { Accepted: true } ? x : (x with
        {
            Tier = tier,
            DueAt = x.RecordsCompletedAt is { } from ? DeadlinePolicy.For(tier, deadlines).CaseDueAt(tier, from, calendars.For(x.Patient.Jurisdiction)) : x.DueAt,
            TierRecommendation = (x.TierRecommendation ?? new TierRecommendation(tier, "director", request?.Note ?? "", now)) with { Accepted = true, DecidedBy = caller.Subject, DecidedAt = now },
        }).WithEvent($"The medical director raised the case to the {EnumNames.Of(tier)} tier.", now, patientFacing: true, key: $"tier:{EnumNames.Of(tier)}"), ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.TierRaise, $"director/cases/{caseId}/tier", CaseId: caseId, Detail: EnumNames.Of(tier)), ct);
        if (updated.TierRecommendation is { Raised: false })
        {
            await workflow.RaiseEventAsync(caseId, CaseEvents.TierRaised, new TierRaised(tier), ct);
            updated = await cases.UpdateAsync(caseId, x => x with { TierRecommendation = x.TierRecommendation! with { Raised = true } }, ct);
        }
        return new Outcome<CaseFile>.Ok(updated);
    }

    /// <summary>Cases waiting for sign-off, the SLA soonest first (the board's open view for the stage).</summary>
    public async Task<Page<SignOffQueueItem>> QueueAsync(Caller caller, PageRequest page, CancellationToken ct = default)
    {
        var waiting = await cases.OpenByDueTimeAsync(CaseStage.SignOff, page, ct);
        var now = clock.GetUtcNow();
        var items = new List<SignOffQueueItem>();
        foreach (var row in waiting.Items)
        {
            var c = await cases.FindAsync(row.Id, ct);
            if (c is null || c.Stage != CaseStage.SignOff) continue;
            items.Add(new SignOffQueueItem(c.Id, c.Category, c.Tier, c.DueAt, c.SignOffDueAt, c.SignOffRound, c.Consensus?.Method, c.Consensus?.Summary, SignOffFlags.For(c, now)));
        }
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SignOffQueueRead, "director/queue", Detail: $"{items.Count} case(s)"), ct);
        return new Page<SignOffQueueItem>(items, waiting.ContinuationToken);
    }

    public async Task<Outcome<SignOffPacket>> PacketAsync(Caller caller, string caseId, CancellationToken ct = default)
    {
        var c = CaseIds.IsWellFormed(caseId) ? await cases.FindAsync(caseId, ct) : null;
        if (c is null) return new Outcome<SignOffPacket>.NotFound($"No case {caseId}.");
        var opinions = await OpinionsAsync(c, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SignOffPacketRead, $"director/cases/{caseId}", CaseId: caseId,
            Detail: $"{opinions.Count} opinion(s), round {c.SignOffRound}"), ct);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var dob = c.Patient.DateOfBirth;
        var age = today.Year - dob.Year - (today < dob.AddYears(today.Year - dob.Year) ? 1 : 0);
        IReadOnlyList<string> decide = c.Stage != CaseStage.SignOff || c.SignOffs.Any(s => s.Round == c.SignOffRound) ? []
            : c.SignOffRound >= policy.MaxRounds ? [EnumNames.Of(SignOffDecision.Sign)]
            : Enum.GetValues<SignOffDecision>().Select(d => EnumNames.Of(d)).ToList();
        // Age and jurisdiction, not the patient's name: the director decides on the clinical picture.
        return new SignOffPacket(c.Id, c.Category, c.Tier, c.Question, c.CurrentDiagnosis, c.ProposedTreatment, age, c.Patient.Jurisdiction, c.DueAt, c.SignOffDueAt,
            c.SignOffRound, c.Consensus, c.Consensus is { } consensus ? ReportBuilder.HowReached(consensus, null) : null, opinions, c.Triage, SignOffFlags.For(c, now),
            c.SignOffs, decide) { TierRecommendation = c.TierRecommendation };
    }

    private async Task<IReadOnlyList<SignOffOpinion>> OpinionsAsync(CaseFile c, CancellationToken ct)
    {
        var dissent = c.Consensus?.DissentingSpecialists ?? [];
        var list = new List<SignOffOpinion>();
        foreach (var a in (await assignments.ForCaseAsync(c.Id, ct)).Where(a => a.Opinion is not null).OrderBy(a => a.SeatId, StringComparer.Ordinal))
        {
            var name = (await directory.FindAsync(a.SpecialistId, ct))?.Name ?? a.SpecialistId;
            list.Add(new SignOffOpinion(a.Id, a.SeatId, a.Subspecialty, a.SpecialistId, name, SeatIds.IsTieBreaker(a.SeatId), dissent.Contains(a.SpecialistId),
                a.Revision, a.Opinion!, a.PreviousOpinions));
        }
        return list;
    }

    /// <summary>
    /// Records the director's decision on the current draft and tells the workflow. Repeating the same
    /// decision changes nothing (a first attempt that stopped before telling the workflow is finished);
    /// a different decision on a draft already decided is refused.
    /// </summary>
    public async Task<Outcome<SignOffRecord>> DecideAsync(Caller caller, string caseId, SignOffRequest? request, CancellationToken ct = default)
    {
        var director = policy.Find(caller.Subject);
        if (director is null)
        {
            await audit.RecordAsync(caller, new AuditEvent(AuditActions.SignOffDecide, $"director/cases/{caseId}/signoff", AuditOutcome.Forbidden,
                CaseId: CaseIds.IsWellFormed(caseId) ? caseId : null), ct);
            return new Outcome<SignOffRecord>.Forbidden("Only a registered medical director may sign off reports (SignOff:Directors).");
        }
        var c = CaseIds.IsWellFormed(caseId) ? await cases.FindAsync(caseId, ct) : null;
        if (c is null) return new Outcome<SignOffRecord>.NotFound($"No case {caseId}.");

        var errors = new ValidationErrors();
        SignOffDecision decision = default;
        if (!EnumNames.TryParse(request?.Decision, out decision))
            errors.Add("decision", $"One of: {string.Join(", ", Enum.GetValues<SignOffDecision>().Select(d => EnumNames.Of(d)))}.");
        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        if (note is { Length: > 4000 }) errors.Add("note", "At most 4000 characters.");
        if (decision == SignOffDecision.Return && note is null) errors.Add("note", "Returning the report needs the question for the panel.");
        if (decision == SignOffDecision.Sign && note is null && c.Consensus?.Method is ConsensusMethod.DirectorDecides or ConsensusMethod.NoOpinions)
            errors.Add("note", "The reviewers could not decide this case: the signature needs the director's conclusion as its note.");
        var subspecialty = string.IsNullOrWhiteSpace(request?.Subspecialty) ? null : request.Subspecialty.Trim().ToLowerInvariant();
        if (subspecialty is not null)
        {
            if (decision != SignOffDecision.AddReviewer) errors.Add("subspecialty", "Only for add-reviewer.");
            else if (!(await directory.ListAsync(ct)).Any(s => s.Subspecialties.Contains(subspecialty, StringComparer.OrdinalIgnoreCase)))
                errors.Add("subspecialty", $"No specialist in the directory practises {subspecialty}.");
        }
        if (errors.Any) return new Outcome<SignOffRecord>.Invalid(errors.ToDictionary());

        // The draft being decided is the case's current sign-off round; each round takes one decision.
        var round = c.SignOffRound;
        if (c.SignOffs.FirstOrDefault(s => s.Round == round) is { } decided)
        {
            if (decided.Decision != decision) return new Outcome<SignOffRecord>.Conflict($"This draft was already decided: {EnumNames.Of(decided.Decision)}.");
            return decided.Raised ? decided : await RaiseAsync(c.Id, decided, ct);
        }
        if (c.Stage != CaseStage.SignOff || round == 0)
            return new Outcome<SignOffRecord>.Conflict($"The case is {EnumNames.Of(c.Stage)}; there is no draft report waiting for sign-off.");
        if (decision != SignOffDecision.Sign && round >= policy.MaxRounds)
            return new Outcome<SignOffRecord>.Conflict($"This is sign-off round {round} of at most {policy.MaxRounds}: the report can now only be signed.");

        var now = clock.GetUtcNow();
        var record = new SignOffRecord(SignOffDecisionIds.For(round), decision, caller.Subject, note, subspecialty, now, round);
        var stored = await cases.UpdateAsync(caseId, x => x.SignOffs.Any(s => s.Round == round) ? x : (x with { SignOffs = [.. x.SignOffs, record] })
            .WithEvent(decision switch
            {
                SignOffDecision.Sign => "The medical director signed the report.",
                SignOffDecision.Return => "The medical director returned the report to the panel with a question.",
                _ => "The medical director asked for another reviewer.",
            }, now, patientFacing: decision == SignOffDecision.Sign, key: $"signoff:{record.Id}"), ct);
        var kept = stored.SignOffs.Single(s => s.Round == round);
        if (kept.Decision != decision) return new Outcome<SignOffRecord>.Conflict($"This draft was already decided: {EnumNames.Of(kept.Decision)}.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SignOffDecide, $"director/cases/{caseId}/signoff", CaseId: caseId,
            Detail: $"{EnumNames.Of(decision)}, round {round}"), ct);
        return new Outcome<SignOffRecord>.Ok(kept.Raised ? kept : await RaiseAsync(caseId, kept, ct), Created: true);
    }

    private async Task<SignOffRecord> RaiseAsync(string caseId, SignOffRecord record, CancellationToken ct)
    {
        await workflow.RaiseEventAsync(caseId, CaseEvents.SignOff, new SignOffDecided(record.Id, record.Decision), ct);
        var updated = await cases.UpdateAsync(caseId, c => c with { SignOffs = c.SignOffs.Select(s => s.Id == record.Id ? s with { Raised = true } : s).ToList() }, ct);
        return updated.SignOffs.Single(s => s.Id == record.Id);
    }
}
