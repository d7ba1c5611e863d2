namespace SecondOpinion.Infrastructure.Ocr;

/// <summary>Recognises the text in one image (a scanned page or an uploaded photo of a record).</summary>
public interface IOcrEngine
{
    /// <summary>The engine's name, as <see cref="SecondOpinion.Core.Records.ReadingEngines"/> spells it.</summary>
    string Engine { get; }

    Task<string> RecognizeAsync(byte[] image, string contentType, CancellationToken ct = default);
}
