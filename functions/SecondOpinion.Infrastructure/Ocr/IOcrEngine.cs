namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>Recognises the text in one image (a scanned page or an uploaded photo of a record).</summary>
public interface IOcrEngine
{
    /// <summary>The engine's name, as <see cref="SecondOpinion.Core.Records.ReadingEngines"/> spells it.</summary>
    string Engine { get; }

    /// <summary>
    /// The pages the image holds, in order: one for a PNG, a JPEG or a PDF page's scan; a multi-page
    /// TIFF may give several. Throws when the image cannot be read at all.
    /// </summary>
    Task<IReadOnlyList<OcrPage>> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default);
}
