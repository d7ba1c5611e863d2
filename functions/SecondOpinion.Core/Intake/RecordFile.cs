using SecondOpinion.Core.Common;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Intake;

/// <summary>
/// An original record file, opened for a browser to show: its stored type, and the name it is shown
/// under (the original one only for those who may see file names; "record-2.pdf" for the others).
/// </summary>
public sealed record RecordFile(string CaseId, string DocumentId, string ContentType, long Size, string ShownName, Stream Content);

public static class RecordFiles
{
    /// <summary>"record-2.pdf": the document's place in the case and its type, nothing from its name.</summary>
    public static string NeutralName(CaseDocument document, int index) => $"record-{index + 1}{AcceptedDocuments.ExtensionFor(document.ContentType)}";

    /// <summary>The case's document and its place in the case, or null when the case has no such document.</summary>
    public static (CaseDocument Document, int Index)? Find(CaseFile caseFile, string documentId)
    {
        for (var i = 0; i < caseFile.Documents.Count; i++)
            if (caseFile.Documents[i].Id == documentId) return (caseFile.Documents[i], i);
        return null;
    }

    /// <summary>The original as uploaded (records container), or null when the blob is missing.</summary>
    public static async Task<RecordFile?> OpenAsync(IFileStore files, CaseFile caseFile, CaseDocument document, string shownName, CancellationToken ct)
    {
        var stream = await files.OpenReadAsync(BlobLayout.RecordsContainer, BlobLayout.DocumentOriginal(caseFile.Id, document.Id), ct);
        return stream is null ? null : new RecordFile(caseFile.Id, document.Id, document.ContentType, document.Size, shownName, stream);
    }
}
