using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Deadlines;
using SecondOpinion.Core.Matching;
using SecondOpinion.Core.Workflow;

namespace SecondOpinion.Core.Intake;

/// <summary>A case as the ops board shows it: stage and deadline, no clinical content.</summary>
public sealed record CaseSummary(string Id, CaseSource Source, CaseStage Stage, ServiceTier Tier, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, bool Late, int Documents, DateTimeOffset? CompletedAt);

/// <summary>A case's audit chain as <c>GET /api/ops/audit</c> returns it.</summary>
public sealed record AuditTrailView(string CaseId, bool Verified, long? BrokenAtSequence, string? Problem, IReadOnlyList<AuditEntry> Entries);

public sealed class OpsService(ICaseRepository cases, EscalationService escalations, SpecialistDirectory directory, AuditLog audit, TimeProvider clock)
{
    /// <summary>
    /// The ops board: open cases by due time (soonest first), optionally of one stage; or, with
    /// <paramref name="closedIn"/>, the cases that ended in that month. Paged.
    /// </summary>
    public async Task<Outcome<Page<CaseSummary>>> ListCasesAsync(Caller caller, string? stage, string? closedIn, PageRequest page, CancellationToken ct = default)
    {
        CaseStage? onlyStage = null;
        if (stage is not null && closedIn is not null)
            return new Outcome<Page<CaseSummary>>.Invalid(new Dictionary<string, string[]> { ["stage"] = ["Use stage for open cases or closedIn for finished ones, not both."] });
        if (stage is not null)
        {
            if (!EnumNames.TryParse<CaseStage>(stage, out var parsed) || parsed.IsClosed())
                return new Outcome<Page<CaseSummary>>.Invalid(new Dictionary<string, string[]>
                {
                    ["stage"] = [$"One of: {string.Join(", ", CaseStages.Open.Select(EnumNames.Of))} (for finished cases, completed, expired or cancelled, use closedIn=YYYY-MM)."],
                });
            onlyStage = parsed;
        }
        (int Year, int Month)? month = null;
        if (closedIn is not null)
        {
            if (!DateOnly.TryParseExact(closedIn + "-01", "yyyy-MM-dd", out var first))
                return new Outcome<Page<CaseSummary>>.Invalid(new Dictionary<string, string[]> { ["closedIn"] = ["A month as YYYY-MM, such as 2026-12."] });
            month = (first.Year, first.Month);
        }
        var now = clock.GetUtcNow();
        var rows = month is { } m ? await cases.ClosedInMonthAsync(m.Year, m.Month, page, ct) : await cases.OpenByDueTimeAsync(onlyStage, page, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.OpsCasesList, "ops/cases", Detail: $"{rows.Items.Count} case(s)"), ct);
        return rows.Select(c => c with { Late = c.DueAt is { } due && (c.CompletedAt ?? now) > due });
    }

    /// <summary>The open escalations, oldest first; or every escalation of one case, open and resolved.</summary>
    public async Task<Outcome<Page<Escalation>>> ListEscalationsAsync(Caller caller, string? caseId, PageRequest page, CancellationToken ct = default)
    {
        Page<Escalation> list;
        if (caseId is not null)
        {
            if (!CaseIds.IsWellFormed(caseId) && !Hospitals.HospitalBatchService.IsWellFormedBatchId(caseId))
                return new Outcome<Page<Escalation>>.Invalid(new Dictionary<string, string[]> { ["caseId"] = ["A case id (c… or h…) or a hospital batch id (b…)."] });
            list = new Page<Escalation>(await escalations.ForCaseAsync(caseId, ct), null);
        }
        else
        {
            list = await escalations.OpenAsync(page, ct);
        }
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.OpsEscalationsList, "ops/escalations", CaseId: caseId is not null && CaseIds.IsWellFormed(caseId) ? caseId : null,
            Detail: $"{list.Items.Count} escalation(s)"), ct);
        return list;
    }

    public async Task<Outcome<Escalation>> ResolveAsync(Caller caller, string escalationId, string? resolution, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(resolution) || resolution.Length > 2000)
            return new Outcome<Escalation>.Invalid(new Dictionary<string, string[]> { ["resolution"] = ["Say how it was resolved (at most 2000 characters)."] });
        var resolved = await escalations.ResolveAsync(escalationId, caller, resolution.Trim(), ct);
        if (resolved is null) return new Outcome<Escalation>.NotFound($"No escalation {escalationId}.");
        // Escalations of hospital batches have no case: they go to the platform chain.
        var caseId = CaseIds.IsWellFormed(resolved.CaseId) ? resolved.CaseId : null;
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.EscalationResolve, $"ops/escalations/{escalationId}", CaseId: caseId), ct);
        return resolved;
    }

    public async Task<Outcome<AuditTrailView>> AuditTrailAsync(Caller caller, string? caseId, CancellationToken ct = default)
    {
        if (!CaseIds.IsWellFormed(caseId))
            return new Outcome<AuditTrailView>.Invalid(new Dictionary<string, string[]> { ["caseId"] = ["Name a case: ?caseId=c… or h… (17 characters)."] });
        if (await cases.FindAsync(caseId!, ct) is null) return new Outcome<AuditTrailView>.NotFound($"No case {caseId}.");
        var trail = await audit.ChainAsync(caseId!, ct);
        // The read itself is audited after the chain was read, so the answer shows the chain as it stood.
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.AuditRead, $"ops/audit?caseId={caseId}", CaseId: caseId), ct);
        return new AuditTrailView(caseId!, trail.Verified, trail.BrokenAtSequence, trail.Problem, trail.Entries);
    }

    /// <summary>One page of the directory in id order, narrowed by <paramref name="query"/>; with the total that match.</summary>
    public async Task<SpecialistListing> ListSpecialistsAsync(Caller caller, SpecialistQuery query, PageRequest page, CancellationToken ct = default)
    {
        var listing = SpecialistPages.Cut(await directory.ListAsync(ct), query, page, clock.GetUtcNow());
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SpecialistsRead, "ops/specialists", Detail: $"{listing.Items.Count} of {listing.Total} specialist(s)"), ct);
        return listing;
    }

    public async Task<Outcome<Specialist>> GetSpecialistAsync(Caller caller, string specialistId, CancellationToken ct = default)
    {
        var specialist = specialistId.Length is > 0 and <= 64 ? await directory.FindAsync(specialistId, ct) : null;
        if (specialist is null) return new Outcome<Specialist>.NotFound($"No specialist {specialistId} in the directory.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SpecialistsRead, $"ops/specialists/{specialistId}"), ct);
        return specialist;
    }

    public async Task<Outcome<Specialist>> UpsertSpecialistAsync(Caller caller, string specialistId, SpecialistUpsertRequest? request, CancellationToken ct = default)
    {
        var (specialist, errors) = SpecialistEntries.Validate(specialistId, request);
        if (specialist is null) return new Outcome<Specialist>.Invalid(errors.ToDictionary());
        var existed = await directory.FindAsync(specialistId, ct) is not null;
        await directory.UpsertAsync(specialist, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.SpecialistUpsert, $"ops/specialists/{specialistId}", Detail: existed ? "updated" : "created"), ct);
        return new Outcome<Specialist>.Ok(specialist, Created: !existed);
    }
}
