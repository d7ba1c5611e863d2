using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Review;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Operations;

/// <summary>The body of <c>POST /api/ops/cases/{caseId}/seats/{seatId}/reassign</c>.</summary>
public sealed record ReassignSeatRequest(string? SpecialistId, string? Reason);

/// <summary>The body of <c>POST /api/ops/cases/{caseId}/seats</c>: a subspecialty, a named specialist, or both.</summary>
public sealed record AddSeatRequest(string? Subspecialty, string? SpecialistId, string? Reason);

/// <summary>
/// Operations on a panel's seats while the case is under review: give a seat to a specialist they
/// name (the one holding it is withdrawn), or add a seat. The named specialist must pass the same hard
/// constraints as the matcher's candidates and not already have had an offer on the case.
/// </summary>
public sealed class SeatOperationsService(ICaseRepository cases, IAssignmentRepository assignments, SpecialistDirectory directory, CaseOperationsService operations,
    ICaseWorkflowClient workflow, AuditLog audit, TimeProvider clock)
{
    public async Task<Outcome<PanelSeat>> ReassignAsync(Caller caller, string caseId, string seatId, ReassignSeatRequest? request, CancellationToken ct = default)
    {
        var c = CaseIds.IsWellFormed(caseId) ? await cases.FindAsync(caseId, ct) : null;
        var seat = c?.Panel?.Seats.FirstOrDefault(s => s.SeatId == seatId);
        if (c is null || seat is null) return new Outcome<PanelSeat>.NotFound($"No seat {seatId} on case {caseId}.");
        if (Reason(request?.Reason) is not { } reason) return Invalid<PanelSeat>("reason", $"Say why (required, at most {CaseOperationsService.MaxReasonLength} characters).");
        if (c.Stage != CaseStage.Review || c.SignOffRound > 0)
            return new Outcome<PanelSeat>.Conflict($"The case is {EnumNames.Of(c.Stage)}; seats are reassigned during the first review (later rounds are the director's).");
        var offers = await assignments.ForCaseAsync(caseId, ct);
        var (specialist, problem) = await EligibleAsync(c, request?.SpecialistId, seat.Subspecialty, offers, ct);
        if (problem is not null) return Invalid<PanelSeat>("specialistId", problem);
        var holding = offers.FirstOrDefault(a => a.SeatId == seatId && a.IsActive);
        // A seat nobody holds has its opinion, or has run out of candidates: nothing would offer it again.
        if (holding is null) return new Outcome<PanelSeat>.Conflict($"Nobody holds {seatId} now (its review ended); add a seat with the specialist instead.");

        var now = clock.GetUtcNow();
        var named = new RankedCandidate(specialist!.Id, 1, [$"named by operations ({caller.Subject})", $"practises {seat.Subspecialty}"]);
        var updated = await cases.UpdateAsync(caseId, x => (x with
        {
            Panel = x.Panel! with
            {
                Seats = x.Panel.Seats.Select(s => s.SeatId != seatId ? s
                    : s with { Candidates = [named, .. s.Candidates.Where(k => k.SpecialistId != named.SpecialistId)] }).ToList(),
            },
        }).WithEvent(OpsTimeline.Note($"{seatId} reassigned to {named.SpecialistId} by operations", caller.Subject, reason), now, key: $"{OpsTimeline.KeyPrefix}reassign:{seatId}:{named.SpecialistId}"), ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SeatReassign, $"ops/cases/{caseId}/seats/{seatId}/reassign", CaseId: caseId,
            Detail: $"to {named.SpecialistId}; reason: {reason}"), ct);
        // The one holding the seat steps down; the workflow then offers it to the named specialist first.
        await operations.WithdrawAsync(caller, holding.Id, new OpsActionRequest($"Seat reassigned to {named.SpecialistId}: {reason}"), ct);
        return updated.Panel!.Seats.Single(s => s.SeatId == seatId);
    }

    public async Task<Outcome<OpsSeatRequested>> AddAsync(Caller caller, string caseId, AddSeatRequest? request, CancellationToken ct = default)
    {
        var c = CaseIds.IsWellFormed(caseId) ? await cases.FindAsync(caseId, ct) : null;
        if (c is null) return new Outcome<OpsSeatRequested>.NotFound($"No case {caseId}.");
        if (Reason(request?.Reason) is not { } reason) return Invalid<OpsSeatRequested>("reason", $"Say why (required, at most {CaseOperationsService.MaxReasonLength} characters).");
        if (c.Stage != CaseStage.Review || c.SignOffRound > 0)
            return new Outcome<OpsSeatRequested>.Conflict($"The case is {EnumNames.Of(c.Stage)}; seats are added while it is under review (at sign-off the director adds reviewers).");
        var subspecialty = string.IsNullOrWhiteSpace(request?.Subspecialty) ? null : request.Subspecialty.Trim().ToLowerInvariant();
        var everyone = await directory.ListAsync(ct);
        if (subspecialty is not null && !everyone.Any(s => s.Subspecialties.Contains(subspecialty, StringComparer.OrdinalIgnoreCase)))
            return Invalid<OpsSeatRequested>("subspecialty", $"No specialist in the directory practises {subspecialty}.");
        string? specialistId = null;
        if (!string.IsNullOrWhiteSpace(request?.SpecialistId))
        {
            var (specialist, problem) = await EligibleAsync(c, request.SpecialistId, subspecialty, await assignments.ForCaseAsync(caseId, ct), ct);
            if (problem is not null) return Invalid<OpsSeatRequested>("specialistId", problem);
            specialistId = specialist!.Id;
            subspecialty ??= specialist.Subspecialties[0];
        }
        if (subspecialty is null && specialistId is null) return Invalid<OpsSeatRequested>("subspecialty", "Name a subspecialty, a specialist, or both.");

        var now = clock.GetUtcNow();
        // Named by what is asked for: the same request again (a retried POST) adds no second seat.
        var requestId = $"ops-seat-{subspecialty ?? "any"}-{specialistId ?? "any"}";
        var requested = new OpsSeatRequested(requestId, subspecialty, specialistId);
        if (c.Panel?.Seats.Any(s => s.RequestId == requestId) == true) return new Outcome<OpsSeatRequested>.Ok(requested);
        await cases.UpdateAsync(caseId, x => x.WithEvent(OpsTimeline.Note($"Seat requested by operations ({subspecialty ?? specialistId})", caller.Subject, reason), now,
            key: $"{OpsTimeline.KeyPrefix}seat:{requestId}"), ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SeatAdd, $"ops/cases/{caseId}/seats", CaseId: caseId,
            Detail: $"{subspecialty ?? "-"} {specialistId ?? ""}; reason: {reason}".Trim()), ct);
        await workflow.RaiseEventAsync(caseId, CaseEvents.OpsSeat, requested, ct);
        return new Outcome<OpsSeatRequested>.Ok(requested, Created: true);
    }

    private async Task<(Specialist? Specialist, string? Problem)> EligibleAsync(CaseFile c, string? specialistId, string? subspecialty, IReadOnlyList<Assignment> offers, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(specialistId)) return (null, "Name the specialist (specialistId).");
        var specialist = await directory.FindAsync(specialistId.Trim(), ct);
        if (specialist is null) return (null, $"No specialist {specialistId} in the directory.");
        if (subspecialty is not null && !specialist.Subspecialties.Contains(subspecialty, StringComparer.OrdinalIgnoreCase))
            return (null, $"{specialist.Id} does not practise {subspecialty}.");
        if (offers.Any(a => a.SpecialistId == specialist.Id)) return (null, $"{specialist.Id} already had an offer on this case (one person, one voice).");
        var load = (await directory.ActiveLoadsAsync([specialist], ct))[specialist.Id];
        var failure = SpecialistMatcher.HardConstraintFailure(specialist, load,
            new MatchContext(c.Patient.Jurisdiction, c.Patient.PreferredLanguage, c.HospitalId, clock.GetUtcNow(), new HashSet<string>()));
        return failure is null ? (specialist, null) : (null, $"{specialist.Id} cannot take the seat: {failure}.");
    }

    private static string? Reason(string? reason) =>
        reason is { } r && !string.IsNullOrWhiteSpace(r) && r.Trim().Length <= CaseOperationsService.MaxReasonLength ? r.Trim() : null;

    private static Outcome<T> Invalid<T>(string field, string message) => new Outcome<T>.Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
