using System.Globalization;
using System.Text.Json;

namespace SecondOpinion.Portal.Ops;

/// <summary>
/// A quarantined hospital drop as <c>GET /api/ops/quarantine</c> lists it (<c>QuarantinedBatch</c>:
/// a JSON array, newest first, the next page's token in <c>X-Continuation-Token</c>). Read leniently
/// (the route is new): an object with <c>items</c> is taken too, the time also as <c>at</c> or <c>when</c>.
/// </summary>
/// <param name="Reason">A code: <c>unknown-batch</c>, <c>outside-grant</c>, …, <c>late-files</c>.</param>
/// <param name="Files">How many of the hospital's files are held (no names: they can name the patient).</param>
public sealed record QuarantineEntry(string HospitalId, string BatchId, DateTimeOffset? At, string? Reason, string? Detail, int? Files = null, long? Bytes = null)
{
    public static IReadOnlyList<QuarantineEntry> ParseList(JsonElement body)
    {
        var items = body.ValueKind switch
        {
            JsonValueKind.Array => body,
            JsonValueKind.Object when Property(body, "items") is { ValueKind: JsonValueKind.Array } list => list,
            _ => default,
        };
        return items.ValueKind != JsonValueKind.Array ? [] : items.EnumerateArray().Select(Parse).OfType<QuarantineEntry>().ToList();
    }

    public static QuarantineEntry? Parse(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object) return null;
        var batch = Text(item, "batchId");
        if (string.IsNullOrWhiteSpace(batch)) return null;
        return new QuarantineEntry(Text(item, "hospitalId") ?? "", batch, Time(item, "quarantinedAt") ?? Time(item, "at") ?? Time(item, "when"),
            Text(item, "reason"), Text(item, "detail"),
            Property(item, "files") is { ValueKind: JsonValueKind.Number } f && f.TryGetInt32(out var count) ? count : null,
            Property(item, "bytes") is { ValueKind: JsonValueKind.Number } b && b.TryGetInt64(out var size) ? size : null);
    }

    /// <summary>The continuation token of an object-shaped page (the header carries it otherwise).</summary>
    public static string? ContinuationOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object ? Text(body, "continuationToken") : null;

    private static JsonElement? Property(JsonElement o, string name) =>
        o.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault();

    private static string? Text(JsonElement o, string name) => Property(o, name) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    private static DateTimeOffset? Time(JsonElement o, string name) =>
        Text(o, name) is { } t && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
