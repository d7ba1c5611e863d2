using SecondOpinion.Core.Records;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Exceptions;
using UglyToad.PdfPig.Fonts;

namespace SecondOpinion.Infrastructure.Reading;

/// <summary>
/// The reading problem behind an exception the PDF parser or an OCR engine threw, from its type
/// alone (PdfPig 0.1.16's exception types; tesseract's non-zero exit). Messages are never read: they
/// can quote the record.
/// </summary>
public static class ReadingFailureClassifier
{
    public static string CodeOf(Exception ex) => ex switch
    {
        UnreadableRecordException typed => typed.Code,
        PdfDocumentEncryptedException => ReadingProblems.PasswordProtected,
        PdfDocumentStackDepthException or InsufficientExecutionStackException or OutOfMemoryException => ReadingProblems.TooComplex,
        PdfDocumentFormatException or CorruptCompressedDataException or InvalidFontFormatException
            or InvalidDataException or EndOfStreamException or IOException or FormatException => ReadingProblems.Damaged,
        // PdfPig signals PDF features it does not read (some filters, encodings) with these two: the file is valid, its content is not ours to read.
        NotSupportedException or NotImplementedException => ReadingProblems.UnsupportedContent,
        TimeoutException => ReadingProblems.TimedOut,
        AggregateException { InnerExceptions.Count: > 0 } aggregate => CodeOf(aggregate.InnerExceptions[0]),
        // Index, cast and key errors inside the parser, tesseract refusing an image: the file is broken.
        _ => ReadingProblems.Damaged,
    };
}
