using SecondOpinion.Hosting.Observability;

namespace SecondOpinion.Tests.Integration;

/// <summary>Blob names (a hospital's file names) and SAS signatures never leave in a span.</summary>
public sealed class TelemetryRedactionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/hospital-inbox/hosp-a/b1/John%20Smith%20biopsy.pdf?sv=2024&sig=abc", "http://127.0.0.1:10000/devstoreaccount1/…")]
    [InlineData("https://acct.blob.core.windows.net/hospital-inbox/hosp-a/b1/letter.pdf", "https://acct.blob.core.windows.net/hospital-inbox/…")]
    [InlineData("https://acct.queue.core.windows.net/case-events/messages", "https://acct.queue.core.windows.net/case-events/…")]
    [InlineData("https://login.example.test/", "https://login.example.test/")]
    [InlineData("/hospital-inbox/hosp-a/b1/John Smith.pdf?sig=x", "/hospital-inbox/…")]
    public void outgoing_urls_keep_their_host_and_first_segment_only(string url, string redacted) =>
        Assert.Equal(redacted, StorageUrlRedaction.Redact(url));
}
