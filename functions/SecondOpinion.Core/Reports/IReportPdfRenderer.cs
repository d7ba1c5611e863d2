namespace SecondOpinion.Core.Reports;

/// <summary>The printable PDF of a report (an A4 document; the adapter owns fonts and layout).</summary>
public interface IReportPdfRenderer
{
    byte[] Render(CaseReport report);
}
