using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Intake;

namespace SecondOpinion.Core.Hospitals;

/// <summary>The hospital registry, managed by ops over the API; every change is audited.</summary>
public sealed class HospitalRegistry(IHospitalRepository store, AuditLog audit)
{
    public async Task<Hospital?> FindAsync(string hospitalId, CancellationToken ct = default) =>
        IsWellFormedId(hospitalId) ? await store.FindAsync(hospitalId, ct) : null;

    public async Task<IReadOnlyList<Hospital>> ListAsync(Caller caller, CancellationToken ct = default)
    {
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.HospitalsRead, "ops/hospitals"), ct);
        return (await store.ListAsync(ct)).OrderBy(h => h.Id, StringComparer.Ordinal).ToList();
    }

    public async Task<Outcome<Hospital>> GetAsync(Caller caller, string hospitalId, CancellationToken ct = default)
    {
        var hospital = await FindAsync(hospitalId, ct);
        if (hospital is null) return new Outcome<Hospital>.NotFound($"No hospital {hospitalId} in the registry.");
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.HospitalsRead, $"ops/hospitals/{hospitalId}"), ct);
        return hospital;
    }

    public async Task<Outcome<Hospital>> UpsertAsync(Caller caller, string hospitalId, HospitalUpsertRequest? request, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        if (request is null) { errors.Add("body", "A JSON body is required."); return new Outcome<Hospital>.Invalid(errors.ToDictionary()); }
        if (!IsWellFormedId(hospitalId)) errors.Add("id", "Use 1–64 letters, digits, '-' or '_'.");
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200) errors.Add("name", "Required, at most 200 characters.");
        if (request.Jurisdictions is not { Count: > 0 and <= 50 } || request.Jurisdictions.Any(j => j is null || !CaseRequestValidator.IsJurisdiction(j.Trim().ToUpperInvariant())))
            errors.Add("jurisdictions", "Between 1 and 50 ISO 3166 codes such as 'US-OH' or 'JP-13'.");
        if (request.Contact is { } contact)
        {
            if (string.IsNullOrWhiteSpace(contact.Name) || contact.Name.Length > 200) errors.Add("contact.name", "Required, at most 200 characters.");
            if (string.IsNullOrWhiteSpace(contact.Email) || contact.Email.Length > 254 || !CaseRequestValidator.IsEmail(contact.Email.Trim())) errors.Add("contact.email", "A valid e-mail address.");
            if (contact.Phone is { } phone && (phone.Length > 32 || !phone.All(ch => char.IsAsciiDigit(ch) || ch is '+' or ' ' or '-' or '(' or ')')))
                errors.Add("contact.phone", "Digits, spaces and + - ( ), at most 32 characters.");
        }
        if (errors.Any) return new Outcome<Hospital>.Invalid(errors.ToDictionary());

        var hospital = new Hospital(hospitalId, request.Name!.Trim(), request.Jurisdictions!.Select(j => j.Trim().ToUpperInvariant()).Distinct().ToList(),
            request.Contact is { } c ? new HospitalContact(c.Name!.Trim(), c.Email!.Trim(), string.IsNullOrWhiteSpace(c.Phone) ? null : c.Phone.Trim()) : null,
            request.Active ?? true);
        var existed = await store.FindAsync(hospitalId, ct) is not null;
        await store.UpsertAsync(hospital, ct);
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.HospitalUpsert, $"ops/hospitals/{hospitalId}", Detail: existed ? "updated" : "created"), ct);
        return new Outcome<Hospital>.Ok(hospital, Created: !existed);
    }

    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_');
}
