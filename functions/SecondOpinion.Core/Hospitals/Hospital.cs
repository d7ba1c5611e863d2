namespace SecondOpinion.Core.Hospitals;

public sealed record HospitalContact(string Name, string Email, string? Phone = null);

/// <summary>A referring hospital in the registry. Only an active, registered hospital may be granted a batch.</summary>
public sealed record Hospital(string Id, string Name, IReadOnlyList<string> Jurisdictions, HospitalContact? Contact = null, bool Active = true);

/// <summary>The body of <c>PUT /api/ops/hospitals/{hospitalId}</c> as sent.</summary>
public sealed record HospitalUpsertRequest(string? Name, IReadOnlyList<string>? Jurisdictions, HospitalContactInput? Contact, bool? Active);

public sealed record HospitalContactInput(string? Name, string? Email, string? Phone);
