using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Infrastructure.Events;

/// <summary>
/// Integration events on the wire: CloudEvents 1.0 in structured JSON mode. <c>subject</c> is the
/// case id; <c>data</c> holds ids, stages and kinds only.
/// </summary>
public static class CloudEventFormat
{
    public const string ContentType = "application/cloudevents+json";

    private static readonly JsonEventFormatter Formatter = new(SecondOpinionJson.Options, new JsonDocumentOptions());

    public static CloudEvent ToCloudEvent(IntegrationEvent e, Uri source) => new(CloudEventsSpecVersion.V1_0)
    {
        Id = e.Id,
        Type = e.Type,
        Source = source,
        Subject = e.CaseId,
        Time = e.OccurredAt,
        DataContentType = MediaTypeNames.Application.Json,
        Data = e.Data,
    };

    public static ReadOnlyMemory<byte> Encode(IntegrationEvent e, Uri source) => Formatter.EncodeStructuredModeMessage(ToCloudEvent(e, source), out _);

    /// <summary>Reads one structured CloudEvent (what consumers of the queue or topic do).</summary>
    public static CloudEvent Decode(ReadOnlyMemory<byte> body) =>
        Formatter.DecodeStructuredModeMessage(body, new ContentType(ContentType), extensionAttributes: null);
}
