using Microsoft.DurableTask;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Review;

/// <summary>Creates the offer for one seat candidate (idempotent by assignment id) and notifies.</summary>
public sealed class OfferAssignmentActivity(CaseStore cases, IEventPublisher events, TimeProvider clock) : TaskActivity<OfferRequest, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, OfferRequest input)
    {
        var existing = await cases.AssignmentsForCaseAsync(input.CaseId);
        if (existing.Any(a => a.SpecialistId == input.SpecialistId && a.SeatId != input.SeatId && (a.IsActive || a.Status == AssignmentStatus.Completed)))
            return false; // one person, one voice on a panel
        var caseFile = await cases.GetAsync(input.CaseId);
        var seat = caseFile.Panel?.Seats.Single(s => s.SeatId == input.SeatId);
        var candidate = seat?.Candidates.FirstOrDefault(c => c.SpecialistId == input.SpecialistId);
        var now = clock.GetUtcNow();
        var created = await cases.TryCreateAssignmentAsync(new Assignment
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
        if (created) await cases.UpdateAsync(input.CaseId, c => c.WithEvent($"Offered {input.SeatId} to {input.SpecialistId}.", now));
        // Published on every attempt with a fixed id: a retry after a failed publish still notifies,
        // and consumers (Service Bus duplicate detection) drop the repeats.
        await events.PublishAsync(new IntegrationEvent("assignment.offered", input.CaseId, now,
            new Dictionary<string, string> { ["assignmentId"] = input.AssignmentId, ["specialistId"] = input.SpecialistId }) { Id = $"assignment.offered:{input.AssignmentId}" });
        return true;
    }
}

/// <summary>
/// Moves an assignment on behalf of the workflow (expire, reassign, set the opinion due time) and
/// returns the status it ends in: a person's answer that won the race is kept, not overwritten.
/// </summary>
public sealed class UpdateAssignmentActivity(CaseStore cases, TimeProvider clock) : TaskActivity<AssignmentUpdate, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, AssignmentUpdate input)
    {
        var now = clock.GetUtcNow();
        AssignmentStatus? target = input.NewStatus is null ? null : Enum.Parse<AssignmentStatus>(input.NewStatus);
        var updated = await cases.UpdateAssignmentAsync(input.CaseId, input.AssignmentId, a =>
        {
            var next = a;
            if (input.OpinionDueAt is { } due && a.Status == AssignmentStatus.Accepted) next = next with { OpinionDueAt = due };
            if (target == AssignmentStatus.Expired && a.Status == AssignmentStatus.Offered) next = next with { Status = AssignmentStatus.Expired, ClosedAt = now };
            if (target == AssignmentStatus.Reassigned && a.Status == AssignmentStatus.Accepted) next = next with { Status = AssignmentStatus.Reassigned, ClosedAt = now };
            return next;
        });
        if (target is not null && updated.Status == target)
            await cases.UpdateAsync(input.CaseId, c => c.WithEvent($"Assignment {input.AssignmentId} {target.ToString()!.ToLowerInvariant()}.", now));
        return updated.Status.ToString();
    }
}

/// <summary>Reconciles the opinions received and keeps the consensus on the case.</summary>
public sealed class BuildConsensusActivity(CaseStore cases, TimeProvider clock) : TaskActivity<string, ConsensusOutcome>
{
    public override async Task<ConsensusOutcome> RunAsync(TaskActivityContext context, string caseId)
    {
        var opinions = await CompletedOpinionsAsync(cases, caseId);
        var consensus = ConsensusBuilder.Reconcile(opinions);
        await cases.UpdateAsync(caseId, c => (c with { Consensus = consensus })
            .WithEvent(consensus.Concordant ? $"Consensus: {consensus.OpinionCount} concordant opinion(s)." : $"Consensus: discordant, {consensus.DissentingSpecialists.Count} dissent(s).", clock.GetUtcNow()));
        return new ConsensusOutcome(consensus.Concordant, consensus.OpinionCount);
    }

    public static async Task<IReadOnlyList<ReviewerOpinion>> CompletedOpinionsAsync(CaseStore cases, string caseId) =>
        (await cases.AssignmentsForCaseAsync(caseId))
            .Where(a => a.Status == AssignmentStatus.Completed && a.Opinion is not null)
            .OrderBy(a => a.SeatId, StringComparer.Ordinal)
            .Select(a => new ReviewerOpinion(a.Id, a.SpecialistId, a.Subspecialty, a.Opinion!))
            .ToList();
}
