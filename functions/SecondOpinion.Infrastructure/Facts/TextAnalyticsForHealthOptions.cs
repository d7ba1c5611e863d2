namespace SecondOpinion.Infrastructure.Facts;

/// <summary>
/// Section <c>Facts:TextAnalyticsForHealth</c>: the Azure AI Language resource that runs Text
/// Analytics for health. The limits default to the documented ones ("Service limits for Azure AI
/// Language", data-limits: 125,000 characters per document, 25 documents and 125,000 characters per
/// asynchronous request); they may be lowered, never raised.
/// </summary>
public sealed record TextAnalyticsForHealthOptions
{
    public const int DocumentCharacterLimit = 125_000;
    public const int RequestDocumentLimit = 25;
    public const int RequestCharacterLimit = 125_000;

    /// <summary>The resource endpoint, e.g. https://{name}.cognitiveservices.azure.com/.</summary>
    public Uri? Endpoint { get; init; }
    /// <summary>Key auth; leave empty to use the managed identity (the deployed default).</summary>
    public string? ApiKey { get; init; }
    /// <summary>The Language REST API version (the latest GA one documented is 2024-11-01).</summary>
    public string ApiVersion { get; init; } = "2024-11-01";
    public string ModelVersion { get; init; } = "latest";
    /// <summary>The language sent for a page whose reader did not name one.</summary>
    public string Language { get; init; } = "en";
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>How long one job may take from submission to its last result page.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>How often a 429 is waited out (for its Retry-After) before the job is given up.</summary>
    public int MaxThrottledRetries { get; init; } = 5;
    public int MaxDocumentCharacters { get; init; } = DocumentCharacterLimit;
    public int MaxDocumentsPerRequest { get; init; } = RequestDocumentLimit;
    public int MaxRequestCharacters { get; init; } = RequestCharacterLimit;

    /// <summary>What is wrong with these options, naming the setting to fix; null when they are usable.</summary>
    public string? Problem()
    {
        const string section = "Facts:TextAnalyticsForHealth";
        if (Endpoint is not { IsAbsoluteUri: true } endpoint)
            return $"Facts:Engine is 'text-analytics-for-health': set {section}:Endpoint to the Language resource's https:// endpoint.";
        if (endpoint.Scheme != Uri.UriSchemeHttps && !endpoint.IsLoopback)
            return $"{section}:Endpoint must be an https:// URL (https://{{name}}.cognitiveservices.azure.com/).";
        if (string.IsNullOrWhiteSpace(ApiVersion) || string.IsNullOrWhiteSpace(ModelVersion) || string.IsNullOrWhiteSpace(Language))
            return $"{section}:ApiVersion, ModelVersion and Language must not be empty.";
        if (PollInterval <= TimeSpan.Zero || Timeout <= TimeSpan.Zero)
            return $"{section}:PollInterval and Timeout must be positive durations such as 00:00:01.";
        if (MaxThrottledRetries is < 0 or > 20) return $"{section}:MaxThrottledRetries must be from 0 to 20.";
        if (MaxDocumentCharacters is < 1_000 or > DocumentCharacterLimit)
            return $"{section}:MaxDocumentCharacters must be from 1000 to {DocumentCharacterLimit} (the service's limit).";
        if (MaxDocumentsPerRequest is < 1 or > RequestDocumentLimit)
            return $"{section}:MaxDocumentsPerRequest must be from 1 to {RequestDocumentLimit} (the service's limit).";
        if (MaxRequestCharacters < MaxDocumentCharacters || MaxRequestCharacters > RequestCharacterLimit)
            return $"{section}:MaxRequestCharacters must be at least MaxDocumentCharacters and at most {RequestCharacterLimit} (the service's limit).";
        return null;
    }
}
