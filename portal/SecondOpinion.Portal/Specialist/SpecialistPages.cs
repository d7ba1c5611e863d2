using Microsoft.Extensions.Localization;
using SecondOpinion.Portal.Resources;

namespace SecondOpinion.Portal.Specialist;

/// <summary>Small pieces the specialist pages share.</summary>
public static class SpecialistPages
{
    /// <summary>"Case 7QX… · cardiology (seat s1)": an assignment named without anything about the patient.</summary>
    public static string SeatTitle(IStringLocalizer<Text> t, AssignmentInfo a) =>
        string.Format(t["Case {0} · {1} (seat {2})"], a.CaseId, a.Subspecialty, a.SeatId);

    /// <summary>An id for an element from a record's id and a fact's index, safe in a URL fragment.</summary>
    public static string FactAnchor(string documentId, int index) => $"fact-{Safe(documentId)}-{index}";

    public static string PageAnchor(string documentId, int page) => $"text-{Safe(documentId)}-p{page}";

    public static string RecordAnchor(string documentId) => $"record-{Safe(documentId)}";

    private static string Safe(string id) => new(id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}

/// <summary>What <c>portal.objectUrl</c> answers: the HTTP status, and the object URL and its type when the file came.</summary>
public sealed record ObjectUrl(int Status, string? Url, string? Type);
