namespace SecondOpinion.Core.Reports;

/// <summary>Where one rendering of a report lives in the reports container.</summary>
public sealed record ReportFiles(string JsonPath, string HtmlPath, string? PdfPath = null);

public enum ReportVersionKind { Signed, Addendum }

/// <summary>One signed version of a case's report; versions are kept, never overwritten.</summary>
public sealed record ReportVersion(int Number, ReportVersionKind Kind, ReportFiles Files, string SignedBy, DateTimeOffset SignedAt, string DecisionId);

/// <summary>The medical director's signature as the report prints it.</summary>
public sealed record ReportSignature(string DirectorSubject, string DirectorName, string? Credentials, DateTimeOffset SignedAt, string? Note);
