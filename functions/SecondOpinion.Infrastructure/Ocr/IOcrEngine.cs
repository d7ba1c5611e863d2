namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>Recognises the text in one image (a scanned page or an uploaded photo of a record).</summary>
public interface IOcrEngine
{
    Task<string> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default);
}
