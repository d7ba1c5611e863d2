using System.Runtime;
using Azure.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Records;
using SecondOpinion.Infrastructure.Ocr;
using SecondOpinion.Infrastructure.Reading;

// dotnet SecondOpinion.RecordReader.dll --serve
// Reads records with the host's reader (PdfPig + the configured OCR engine) inside the limits the
// parent set (heap limit; the parent keeps the wall clock), one request after another on stdin, and
// answers each with its pages or a reading problem's code on stdout (RecordReaderProtocol), until
// stdin closes. It writes nothing else to stdout, and no record content anywhere else.
if (args is not [RecordReaderProtocol.ServeArgument]) return RecordReaderProtocol.Usage;

var settingsJson = Environment.GetEnvironmentVariable(RecordReaderProtocol.SettingsVariable);
var settings = string.IsNullOrEmpty(settingsJson) ? new RecordReaderSettings() : SecondOpinionJson.Deserialize<RecordReaderSettings>(settingsJson);
var reader = new CheckedRecordReader(new RecordTextExtractor(OcrEngineOf(settings), settings.Pages with { ImageLimits = settings.Limits }), settings.Limits);

using var input = Console.OpenStandardInput();
using var output = Console.OpenStandardOutput();
while (true)
{
    if (await ServeOneAsync(reader, input, output) is { } exitCode) return exitCode;

    // One-shot readers had a fresh heap per file; this one shares its heap (and its DOTNET_GCHeapHardLimit)
    // across files. A full, compacting collection between files returns what the last file left (the
    // request, its pages: all held by ServeOneAsync, which has returned), so the next file is held to
    // the whole limit, not to what the last file's garbage left of it.
    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
}

/// <summary>Reads and answers one request; an exit code when the reader must stop (stdin closed, a malformed request, the heap ran out).</summary>
static async Task<int?> ServeOneAsync(CheckedRecordReader reader, Stream input, Stream output)
{
    RecordReaderResult result;
    try
    {
        var request = await RecordReaderProtocol.ReadRequestAsync(input);
        if (request is null) return RecordReaderProtocol.Answered;
        var (contentType, content) = request.Value;
        using (content)
        {
            var text = await reader.ExtractAsync(content, contentType);
            result = new RecordReaderResult(text.PageTexts, text.Method, null);
        }
    }
    catch (InvalidDataException)
    {
        return RecordReaderProtocol.Usage;
    }
    catch (UnreadableRecordException unreadable)
    {
        result = new RecordReaderResult(null, null, unreadable.Code);
    }
    catch (OutOfMemoryException)
    {
        // The file may still be half in the pipe, and a heap that ran out is not trusted with the next
        // file: answer and stop; the parent starts a fresh reader.
        await RecordReaderProtocol.WriteAnswerAsync(output, new RecordReaderResult(null, null, ReadingProblems.TooComplex));
        return RecordReaderProtocol.OutOfMemory;
    }
    await RecordReaderProtocol.WriteAnswerAsync(output, result);
    return null;
}

static IOcrEngine OcrEngineOf(RecordReaderSettings settings)
{
    if (!settings.UsesDocumentIntelligence) return new TesseractOcrEngine(settings.Tesseract, NullLogger<TesseractOcrEngine>.Instance);
    var options = settings.DocumentIntelligence;
    return new DocumentIntelligenceOcrEngine(new HttpClient(), options, string.IsNullOrEmpty(options.ApiKey) ? new DefaultAzureCredential() : null);
}
