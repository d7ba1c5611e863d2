using System.Text.Json;
using Azure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Reading;

// dotnet SecondOpinion.RecordReader.dll <content-type> < file > result.json
// Reads one record with the host's reader (PdfPig + the configured OCR engine) inside the limits the
// parent set (heap limit, wall clock), and answers with its pages or a reading problem's code. It
// writes nothing else to stdout, and no record content anywhere else.
if (args.Length != 1) return RecordReaderProtocol.Usage;

var settingsJson = Environment.GetEnvironmentVariable(RecordReaderProtocol.SettingsVariable);
var settings = string.IsNullOrEmpty(settingsJson) ? new RecordReaderSettings() : SecondOpinionJson.Deserialize<RecordReaderSettings>(settingsJson);
var reader = new CheckedRecordReader(new RecordTextExtractor(OcrEngineOf(settings), settings.Pages), settings.Limits);

RecordReaderResult result;
var exitCode = RecordReaderProtocol.Answered;
try
{
    using var input = Console.OpenStandardInput();
    var text = await reader.ExtractAsync(input, args[0]);
    result = new RecordReaderResult(text.PageTexts, text.Method, null);
}
catch (UnreadableRecordException unreadable)
{
    result = new RecordReaderResult(null, null, unreadable.Code);
}
catch (OutOfMemoryException)
{
    result = new RecordReaderResult(null, null, ReadingProblems.TooComplex);
    exitCode = RecordReaderProtocol.OutOfMemory;
}
using (var output = Console.OpenStandardOutput())
{
    await JsonSerializer.SerializeAsync(output, result, SecondOpinionJson.Options);
}
return exitCode;

static IOcrEngine OcrEngineOf(RecordReaderSettings settings)
{
    if (!settings.UsesDocumentIntelligence) return new TesseractOcrEngine(settings.Tesseract, NullLogger<TesseractOcrEngine>.Instance);
    var options = settings.DocumentIntelligence;
    return new DocumentIntelligenceOcrEngine(new HttpClient(), options, string.IsNullOrEmpty(options.ApiKey) ? new DefaultAzureCredential() : null);
}
