using Microsoft.AspNetCore.Authorization;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Http.Auth;

/// <summary>
/// Named authorization policies, one per kind of caller a route serves. Which resource a caller may
/// touch (their own case, seat or batch) is decided by the application services, not here.
/// </summary>
public static class Policies
{
    public const string Patient = "patient";
    public const string Specialist = "specialist";
    public const string Hospital = "hospital";
    public const string Director = "director";
    /// <summary>Operations: ops, and the medical director, who may do all that ops does.</summary>
    public const string Operations = "operations";
    /// <summary>Who may read a case and its report: its patient, its referring hospital, operations.</summary>
    public const string CaseReaders = "case-readers";
    /// <summary>Who asked for the opinion: the patient, or the referring hospital.</summary>
    public const string CaseOwners = "case-owners";
    /// <summary>Anyone signed in with one of the known roles (their own in-app notifications).</summary>
    public const string SignedIn = "signed-in";

    public static void Add(AuthorizationOptions options)
    {
        Require(options, Patient, Roles.Patient);
        Require(options, Specialist, Roles.Specialist);
        Require(options, Hospital, Roles.Hospital);
        Require(options, Director, Roles.Director);
        Require(options, Operations, Roles.Ops, Roles.Director);
        Require(options, CaseReaders, Roles.Patient, Roles.Hospital, Roles.Ops, Roles.Director);
        Require(options, CaseOwners, Roles.Patient, Roles.Hospital);
        Require(options, SignedIn, Roles.Known);
    }

    private static void Require(AuthorizationOptions options, string name, params string[] roles) =>
        options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));

    /// <summary>The roles a policy admits, for the 403 message.</summary>
    public static string Describe(string policy) => policy switch
    {
        Operations => "ops, director",
        CaseReaders => "patient, hospital, ops, director",
        CaseOwners => "patient, hospital",
        SignedIn => "any signed-in user",
        _ => policy,
    };
}
