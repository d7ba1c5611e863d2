using System.Text.Json.Serialization;

namespace SecondOpinion.Infrastructure.Facts;

// The parts of the Language "analyze-text" job contract this adapter reads, as the REST API
// specification names them (azure-rest-api-specs, cognitiveservices/data-plane/Language/stable/2024-11-01/analyzetext.json:
// AnalyzeTextJobState, Tasks, HealthcareLROResult, HealthcareResult, HealthcareEntitiesDocumentResult,
// HealthcareEntity, HealthcareAssertion, HealthcareEntityLink, HealthcareRelation, Error, InnerErrorModel).
// Serialized with the web defaults (camelCase, case-insensitive).

/// <summary>One submitted document's result: the entities found and the relations between them.</summary>
public sealed record HealthcareDocumentResult(string Id, IReadOnlyList<HealthcareEntity>? Entities, IReadOnlyList<HealthcareRelation>? Relations);

/// <summary>An entity: where it stands (offset and length in the index type the job asked for), what it is, and how it is asserted.</summary>
public sealed record HealthcareEntity(string Text, string Category, int Offset, int Length, double ConfidenceScore)
{
    public string? Subcategory { get; init; }
    public HealthcareAssertion? Assertion { get; init; }
    /// <summary>The preferred name (e.g. "histologic" for "histologically").</summary>
    public string? Name { get; init; }
    public IReadOnlyList<HealthcareEntityLink>? Links { get; init; }
}

/// <summary>Only values that differ from the defaults (positive, none, subject, current) are returned.</summary>
public sealed record HealthcareAssertion(string? Conditionality = null, string? Certainty = null, string? Association = null, string? Temporality = null);

public sealed record HealthcareEntityLink(string DataSource, string Id);

public sealed record HealthcareRelation(string RelationType, IReadOnlyList<HealthcareRelationEntity>? Entities, double? ConfidenceScore = null);

/// <summary><see cref="Ref"/> is a JSON pointer such as <c>#/results/documents/0/entities/3</c>.</summary>
public sealed record HealthcareRelationEntity(string Ref, string Role);

internal sealed record AnalyzeTextJobState(string? Status, IReadOnlyList<ServiceError>? Errors, JobTasks? Tasks, string? NextLink);

internal sealed record JobTasks(int Completed, int Failed, int InProgress, int Total, IReadOnlyList<HealthcareTaskResult>? Items);

internal sealed record HealthcareTaskResult(string? Kind, string? Status, HealthcareResults? Results);

internal sealed record HealthcareResults(IReadOnlyList<DocumentError>? Errors, string? ModelVersion, IReadOnlyList<HealthcareDocumentResult>? Documents);

internal sealed record DocumentError(string Id, ServiceError Error);

internal sealed record ErrorResponse(ServiceError? Error);

internal sealed record ServiceError(string? Code, string? Message)
{
    [JsonPropertyName("innererror")]
    public ServiceInnerError? InnerError { get; init; }

    /// <summary>The codes only (never the message, which may quote the text): <c>InvalidRequest/InvalidDocument</c>.</summary>
    public string Codes() => InnerError?.Code is { Length: > 0 } inner ? $"{Code}/{inner}" : Code ?? "unknown";
}

internal sealed record ServiceInnerError(string? Code, string? Message);

// What is sent: AnalyzeTextJobsInput with one HealthcareLROTask.
internal sealed record AnalyzeTextJobsInput(MultiLanguageAnalysisInput AnalysisInput, IReadOnlyList<HealthcareTask> Tasks);

internal sealed record MultiLanguageAnalysisInput(IReadOnlyList<MultiLanguageInput> Documents);

internal sealed record MultiLanguageInput(string Id, string Text, string Language);

internal sealed record HealthcareTask(string Kind, string TaskName, HealthcareTaskParameters Parameters);

internal sealed record HealthcareTaskParameters(string ModelVersion, string StringIndexType, bool LoggingOptOut);
