namespace SecondOpinion.Core.Reports;

/// <summary>The renderings of a report that are stored and served: JSON (the default), printable HTML, PDF.</summary>
public enum ReportFormat { Json, Html, Pdf }
