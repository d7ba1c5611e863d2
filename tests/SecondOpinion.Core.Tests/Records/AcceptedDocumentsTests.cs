using System.Text;
using SecondOpinion.Core.Records;

namespace SecondOpinion.Core.Tests.Records;

public sealed class AcceptedDocumentsTests
{
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ");
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    private static readonly byte[] TiffLittle = [(byte)'I', (byte)'I', 0x2A, 0x00, 0x08, 0x00];
    private static readonly byte[] TiffBig = [(byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00];

    [Theory]
    [InlineData("application/pdf")]
    [InlineData("image/png")]
    [InlineData("image/jpeg")]
    [InlineData("image/tiff")]
    [InlineData("text/plain")]
    [InlineData("Application/PDF")]
    [InlineData("text/plain; charset=utf-8")]
    [InlineData("  application/pdf ; charset=x")]
    public void record_types_are_accepted_whatever_the_case_or_parameters(string contentType)
    {
        Assert.True(AcceptedDocuments.IsAccepted(contentType));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/octet-stream")]
    [InlineData("application/msword")]
    [InlineData("image/gif")]
    [InlineData("")]
    public void other_types_are_not_accepted(string contentType)
    {
        Assert.False(AcceptedDocuments.IsAccepted(contentType));
    }

    [Theory]
    [InlineData("application/pdf; charset=x", "application/pdf")]
    [InlineData(" IMAGE/PNG ", "image/png")]
    [InlineData("text/plain;charset=utf-8;format=flowed", "text/plain")]
    public void normalize_drops_parameters_and_lower_cases(string input, string expected)
    {
        Assert.Equal(expected, AcceptedDocuments.Normalize(input));
    }

    [Fact]
    public void the_accepted_content_types_are_listed_once_each()
    {
        Assert.Equal(["application/pdf", "image/jpeg", "image/png", "image/tiff", "text/plain"], AcceptedDocuments.ContentTypes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("scan.pdf", "application/pdf")]
    [InlineData("SCAN.PDF", "application/pdf")]
    [InlineData("xray.png", "image/png")]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("photo.jpeg", "image/jpeg")]
    [InlineData("mri.tif", "image/tiff")]
    [InlineData("mri.tiff", "image/tiff")]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("letter.final.pdf", "application/pdf")]
    public void the_content_type_follows_from_the_file_extension(string fileName, string expected)
    {
        Assert.Equal(expected, AcceptedDocuments.FromFileName(fileName));
    }

    [Theory]
    [InlineData("report.docx")]
    [InlineData("report.pdf.exe")]
    [InlineData("README")]
    [InlineData("archive.tar.gz")]
    [InlineData("")]
    public void an_unknown_or_missing_extension_has_no_content_type(string fileName)
    {
        Assert.Null(AcceptedDocuments.FromFileName(fileName));
    }

    public static TheoryData<string, byte[]> GenuineFiles => new()
    {
        { "application/pdf", Pdf },
        { "image/png", Png },
        { "image/jpeg", Jpeg },
        { "image/tiff", TiffLittle },
        { "image/tiff", TiffBig },
        { "text/plain", Encoding.UTF8.GetBytes("Discharge summary\r\nPSA 8.1") },
        { "application/pdf; charset=binary", Pdf },
    };

    [Theory]
    [MemberData(nameof(GenuineFiles))]
    public void a_genuine_file_matches_the_signature_of_its_type(string contentType, byte[] head)
    {
        Assert.True(AcceptedDocuments.MatchesSignature(contentType, head));
    }

    public static TheoryData<string, byte[]> DisguisedFiles => new()
    {
        { "application/pdf", Png },
        { "image/png", Pdf },
        { "image/jpeg", Png },
        { "image/tiff", Jpeg },
        { "application/pdf", Encoding.ASCII.GetBytes("MZ\x90\0executable") },
        { "application/pdf", Encoding.ASCII.GetBytes(" %PDF-1.7") },
    };

    [Theory]
    [MemberData(nameof(DisguisedFiles))]
    public void a_renamed_file_does_not_match_the_claimed_type(string contentType, byte[] head)
    {
        Assert.False(AcceptedDocuments.MatchesSignature(contentType, head));
    }

    [Fact]
    public void text_containing_nul_bytes_is_not_plain_text()
    {
        Assert.False(AcceptedDocuments.MatchesSignature("text/plain", [(byte)'h', (byte)'i', 0x00, (byte)'!']));
        Assert.False(AcceptedDocuments.MatchesSignature("text/plain", Png.Concat(new byte[] { 0, 0, 0, 0x0D }).ToArray()));
    }

    [Fact]
    public void an_empty_head_matches_no_binary_type()
    {
        Assert.False(AcceptedDocuments.MatchesSignature("application/pdf", []));
        Assert.False(AcceptedDocuments.MatchesSignature("image/png", []));
    }

    [Fact]
    public void an_unaccepted_type_never_matches()
    {
        Assert.False(AcceptedDocuments.MatchesSignature("text/html", Encoding.ASCII.GetBytes("<html>")));
    }
}
