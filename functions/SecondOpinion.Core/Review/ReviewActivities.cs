using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Review;

/// <summary>
/// Creates the offer for one seat candidate (idempotent by assignment id) and notifies. A candidate is
/// checked again first, against the directory as it is now: someone who became unavailable, went
/// over capacity or no longer meets the panel's hard constraints since the panel was planned is
/// skipped (false, and a timeline entry says why), as is one who already sits on another seat.
/// </summary>
public sealed class OfferAssignmentActivity(ICaseRepository cases, IAssignmentRepository assignments, SpecialistDirectory directory, IEventPublisher events,
    TimeProvider clock, NotificationService notifications) : CaseActivity<OfferRequest, bool>
{
    protected override string CaseIdOf(OfferRequest input) => input.CaseId;

    protected override async Task<bool> ExecuteAsync(TaskActivityContext context, OfferRequest input)
    {
        var existing = await assignments.ForCaseAsync(input.CaseId);
        // A retry after the offer was made goes on to finish it: the checks below would count it against the specialist's own capacity.
        var made = existing.Any(a => a.Id == input.AssignmentId);
        if (!made && existing.Any(a => a.SpecialistId == input.SpecialistId && a.SeatId != input.SeatId && (a.IsActive || a.Status == AssignmentStatus.Completed)))
            return false; // one person, one voice on a panel
        var caseFile = await cases.GetAsync(input.CaseId);
        var seat = caseFile.Panel?.Seats.Single(s => s.SeatId == input.SeatId);
        var now = clock.GetUtcNow();
        var skip = $"offer-skipped:{input.AssignmentId}";
        if (!made && caseFile.HasStep(skip)) return false; // decided once, also when retried
        if (!made && await SkipReasonAsync(caseFile, seat, input.SpecialistId, now) is { } skipped)
        {
            await cases.RecordStepAsync(input.CaseId, skip, c => c.WithEvent($"{input.SpecialistId} skipped for {input.SeatId}: {skipped}.", now, key: skip));
            return false;
        }
        var candidate = seat?.Candidates.FirstOrDefault(c => c.SpecialistId == input.SpecialistId);
        var created = await assignments.TryCreateAsync(new Assignment
        {
            Id = input.AssignmentId,
            CaseId = input.CaseId,
            SeatId = input.SeatId,
            Subspecialty = seat?.Subspecialty ?? "unknown",
            SpecialistId = input.SpecialistId,
            Status = AssignmentStatus.Offered,
            OfferedAt = now,
            AcceptBy = input.AcceptBy,
            MatchReasons = candidate?.Reasons ?? [],
        });
        var step = $"offer:{input.AssignmentId}";
        await cases.RecordStepAsync(input.CaseId, step, c => c.WithEvent($"Offered {input.SeatId} to {input.SpecialistId}.", now, key: step));
        // Published on every attempt with a fixed id: a retry after a failed publish still notifies,
        // and consumers (Service Bus duplicate detection) drop the repeats.
        var offered = await assignments.FindAsync(input.CaseId, input.AssignmentId);
        await events.PublishAsync(new IntegrationEvent(EventIds.For(input.CaseId, step), EventTypes.AssignmentOffered, input.CaseId, offered?.OfferedAt ?? now,
            new Dictionary<string, string> { ["assignmentId"] = input.AssignmentId, ["seatId"] = input.SeatId, ["specialistId"] = input.SpecialistId }));
        await notifications.NotifyAsync(new NotificationRequest(NotificationKind.Offer, input.CaseId, step, NotificationAudience.Specialist, input.SpecialistId, input.AssignmentId));
        return true;
    }

    /// <summary>Why the candidate is not offered the seat now, or null when they may be: the matcher's own hard constraints, against today's directory and load.</summary>
    private async Task<string?> SkipReasonAsync(CaseFile caseFile, PanelSeat? seat, string specialistId, DateTimeOffset now)
    {
        if (caseFile.Stage == CaseStage.Cancelled) return "the case was cancelled";
        var specialist = await directory.FindAsync(specialistId);
        if (specialist is null) return "no longer in the directory";
        if (seat is not null && !SpecialistMatcher.Practises(specialist, seat.Subspecialty)) return $"no longer practises {seat.Subspecialty}";
        var load = await assignments.ActiveLoadAsync(specialistId);
        var matchContext = new MatchContext(caseFile.Patient.Jurisdiction, caseFile.Patient.PreferredLanguage, caseFile.HospitalId, now, new HashSet<string>());
        return SpecialistMatcher.HardConstraintFailure(specialist, load, matchContext);
    }
}

/// <summary>
/// Moves an assignment on behalf of the workflow (expire, reassign, set the opinion due time) and
/// returns the status it ends in: a person's answer that won the race is kept, not overwritten.
/// </summary>
public sealed class UpdateAssignmentActivity(ICaseRepository cases, IAssignmentRepository assignments, TimeProvider clock) : CaseActivity<AssignmentUpdate, AssignmentStatus>
{
    protected override string CaseIdOf(AssignmentUpdate input) => input.CaseId;

    protected override async Task<AssignmentStatus> ExecuteAsync(TaskActivityContext context, AssignmentUpdate input)
    {
        var now = clock.GetUtcNow();
        var target = input.NewStatus;
        var updated = await assignments.UpdateAsync(input.CaseId, input.AssignmentId, a =>
        {
            var next = a;
            if (input.OpinionDueAt is { } due && a.Status == AssignmentStatus.Accepted) next = next with { OpinionDueAt = due };
            if (target == AssignmentStatus.Expired && a.Status == AssignmentStatus.Offered) next = next with { Status = AssignmentStatus.Expired, ClosedAt = now };
            if (target == AssignmentStatus.Reassigned && a.Status == AssignmentStatus.Accepted)
            {
                // A reopened opinion that was not revised in time stands as it was given.
                next = a.Opinion is not null
                    ? next with { Status = AssignmentStatus.Completed, ClosedAt = now, OpinionRaised = true }
                    : next with { Status = AssignmentStatus.Reassigned, ClosedAt = now };
            }
            return next;
        });
        if (target is { } closed && updated.Status == closed)
        {
            var step = $"assignment:{input.AssignmentId}:{EnumNames.Of(closed)}";
            await cases.RecordStepAsync(input.CaseId, step, c => c.WithEvent($"Assignment {input.AssignmentId} {EnumNames.Of(closed)}.", now, key: step));
        }
        return updated.Status;
    }
}

/// <summary>Reconciles the opinions received and keeps the consensus on the case.</summary>
public sealed class BuildConsensusActivity(ICaseRepository cases, IAssignmentRepository assignments, TimeProvider clock) : CaseActivity<string, ConsensusOutcome>
{
    protected override string CaseIdOf(string caseId) => caseId;

    protected override async Task<ConsensusOutcome> ExecuteAsync(TaskActivityContext context, string caseId)
    {
        var opinions = await CompletedOpinionsAsync(assignments, caseId);
        var caseFile = await cases.GetAsync(caseId);
        var consensus = ConsensusBuilder.Reconcile(opinions, tieBreakerUnavailable: caseFile.TieBreakerSought && !opinions.Any(o => o.TieBreaker));
        await cases.UpdateAsync(caseId, c => (c with { Consensus = consensus })
            .WithEvent(consensus.Concordant ? $"Consensus: {consensus.OpinionCount} concordant opinion(s)."
                : $"Consensus ({EnumNames.Of(consensus.Method)}): {consensus.DissentingSpecialists.Count} dissent(s).", clock.GetUtcNow()));
        return new ConsensusOutcome(consensus.Concordant, consensus.OpinionCount, consensus.Method);
    }

    public static async Task<IReadOnlyList<ReviewerOpinion>> CompletedOpinionsAsync(IAssignmentRepository assignments, string caseId) =>
        (await assignments.ForCaseAsync(caseId))
            .Where(a => a.Status == AssignmentStatus.Completed && a.Opinion is not null)
            .OrderBy(a => a.SeatId, StringComparer.Ordinal)
            .Select(a => new ReviewerOpinion(a.Id, a.SpecialistId, a.Subspecialty, a.Opinion!, Matching.SeatIds.IsTieBreaker(a.SeatId)))
            .ToList();
}
