using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using SecondOpinion.Core.Notifications;
using SecondOpinion.Infrastructure.Notifications;
using SecondOpinion.Core.Deadlines;

namespace SecondOpinion.Hosting.Settings;

public enum StateProvider { Sqlite, Cosmos }

public enum EventsProvider { Queue, ServiceBus }

/// <summary>Section <c>Storage</c>: Blob and Queue Storage (records, reports, hospital drops; the local event queue).</summary>
public sealed record StorageSettings
{
    public const string Section = "Storage";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Shared-key connection string (Azurite locally). Ignored when <see cref="AccountUrl"/> is set.</summary>
    public string ConnectionString { get; init; } = DevelopmentStorage;

    /// <summary>https://{account}.blob.core.windows.net/ — managed identity, no key.</summary>
    public Uri? AccountUrl { get; init; }

    /// <summary>The queue endpoint; by default the account's queue host.</summary>
    public Uri? QueueUrl { get; init; }

    public Uri? QueueEndpoint => QueueUrl ?? (AccountUrl is { } blob
        ? new UriBuilder(blob) { Host = blob.Host.Replace(".blob.", ".queue.", StringComparison.OrdinalIgnoreCase) }.Uri
        : null);
}

/// <summary>Section <c>State</c>: where cases, assignments, escalations and audit live.</summary>
public sealed record StateSettings
{
    public const string Section = "State";

    public StateProvider Provider { get; init; } = StateProvider.Sqlite;
    public string SqlitePath { get; init; } = Path.Combine(".data", "secondopinion.db");
    public string? CosmosEndpoint { get; init; }
    public string? CosmosConnectionString { get; init; }
    public string CosmosDatabase { get; init; } = "secondopinion";
    public bool CosmosCreateContainers { get; init; }
    public ConnectionMode CosmosConnectionMode { get; init; } = ConnectionMode.Direct;
}

/// <summary>Section <c>Events</c>: where integration events go.</summary>
public sealed record EventsSettings
{
    public const string Section = "Events";

    public EventsProvider Provider { get; init; } = EventsProvider.Queue;
    public string QueueName { get; init; } = "case-events";
    public string Topic { get; init; } = "case-events";
    public string? ServiceBusNamespace { get; init; }
    public string? ServiceBusConnectionString { get; init; }

    /// <summary>The CloudEvents <c>source</c> of every event this deployment publishes.</summary>
    public Uri Source { get; init; } = new("urn:secondopinion:local");
}

/// <summary>Section <c>Workflow</c>: the case orchestration version this deployment starts new cases on.</summary>
public sealed record WorkflowSettings
{
    public const string Section = "Workflow";

    /// <summary>
    /// New cases start on this version; running cases keep theirs. The local worker runs it (and
    /// every older one); in Azure host.json's <c>durableTask.defaultVersion</c> must match.
    /// </summary>
    public string Version { get; init; } = Core.Workflow.CaseWorkflowVersions.Current;
}

/// <summary>Section <c>Ocr</c>: which engine reads scanned pages.</summary>
public sealed record OcrSettings
{
    public const string Section = "Ocr";

    /// <summary><c>tesseract</c> (the local CLI) or <c>document-intelligence</c> (Azure AI Document Intelligence).</summary>
    public string Provider { get; init; } = "tesseract";

    public bool UsesDocumentIntelligence => string.Equals(Provider.Replace("-", ""), "documentintelligence", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Checks each section once at start, with a message that names the setting to fix (a missing
/// Cosmos endpoint is reported when the host starts, not on the first case).
/// </summary>
internal sealed class PlatformSettingsValidator :
    IValidateOptions<StorageSettings>, IValidateOptions<StateSettings>, IValidateOptions<EventsSettings>, IValidateOptions<OcrSettings>,
    IValidateOptions<NotificationOptions>, IValidateOptions<SmtpSettings>, IValidateOptions<CalendarSettings>, IValidateOptions<FactsSettings>
{
    public ValidateOptionsResult Validate(string? name, SmtpSettings s) =>
        s.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, NotificationOptions s)
    {
        if (!s.LinkBaseUrl.IsAbsoluteUri || s.LinkBaseUrl.Scheme is not ("https" or "http"))
            return ValidateOptionsResult.Fail("Notifications:LinkBaseUrl must be the portal's absolute http(s) URL.");
        if (s.MaxAttempts is < 1 or > 50) return ValidateOptionsResult.Fail("Notifications:MaxAttempts must be from 1 to 50.");
        if (s.RetryBackoff <= TimeSpan.Zero || s.MaxRetryBackoff < s.RetryBackoff || s.DispatchInterval <= TimeSpan.Zero)
            return ValidateOptionsResult.Fail("Notifications:RetryBackoff and DispatchInterval must be positive, MaxRetryBackoff at least RetryBackoff.");
        foreach (var (role, address) in s.RoleMailboxes)
        {
            if (role.ToLowerInvariant() is not (Core.Common.Roles.Director or Core.Common.Roles.Ops))
                return ValidateOptionsResult.Fail($"Notifications:RoleMailboxes:{role} is not a role with a mailbox: use director or ops.");
            if (!string.IsNullOrWhiteSpace(address) && !Core.Intake.CaseRequestValidator.IsEmail(address.Trim()))
                return ValidateOptionsResult.Fail($"Notifications:RoleMailboxes:{role} must be an e-mail address.");
        }
        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, CalendarSettings s) =>
        s.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, OcrSettings s) =>
        s.UsesDocumentIntelligence || string.Equals(s.Provider, "tesseract", StringComparison.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Ocr:Provider '{s.Provider}' is not known: use 'tesseract' or 'document-intelligence'.");

    public ValidateOptionsResult Validate(string? name, FactsSettings s) =>
        s.UsesLexicon ? ValidateOptionsResult.Success
        : !s.UsesTextAnalyticsForHealth ? ValidateOptionsResult.Fail($"Facts:Engine '{s.Engine}' is not known: use 'lexicon' or 'text-analytics-for-health'.")
        : s.TextAnalyticsForHealth.Problem() is { } problem ? ValidateOptionsResult.Fail(problem)
        : ValidateOptionsResult.Success;

    public ValidateOptionsResult Validate(string? name, StorageSettings s)
    {
        if (s.AccountUrl is { } url && url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
            return ValidateOptionsResult.Fail("Storage:AccountUrl must be an https:// URL (https://{account}.blob.core.windows.net/).");
        if (s.AccountUrl is null && string.IsNullOrWhiteSpace(s.ConnectionString))
            return ValidateOptionsResult.Fail("Storage: set Storage:AccountUrl (managed identity) or Storage:ConnectionString.");
        return ValidateOptionsResult.Success;
    }

    public ValidateOptionsResult Validate(string? name, StateSettings s) => s.Provider switch
    {
        StateProvider.Cosmos when string.IsNullOrWhiteSpace(s.CosmosEndpoint) && string.IsNullOrWhiteSpace(s.CosmosConnectionString) =>
            ValidateOptionsResult.Fail("State:Provider is 'cosmos': set State:CosmosEndpoint (managed identity) or State:CosmosConnectionString."),
        StateProvider.Sqlite when string.IsNullOrWhiteSpace(s.SqlitePath) => ValidateOptionsResult.Fail("State:SqlitePath is empty: name the SQLite file."),
        _ => ValidateOptionsResult.Success,
    };

    public ValidateOptionsResult Validate(string? name, EventsSettings s) => s.Provider switch
    {
        EventsProvider.ServiceBus when string.IsNullOrWhiteSpace(s.ServiceBusNamespace) && string.IsNullOrWhiteSpace(s.ServiceBusConnectionString) =>
            ValidateOptionsResult.Fail("Events:Provider is 'servicebus': set Events:ServiceBusNamespace (managed identity) or Events:ServiceBusConnectionString."),
        EventsProvider.Queue when string.IsNullOrWhiteSpace(s.QueueName) => ValidateOptionsResult.Fail("Events:QueueName is empty."),
        _ when !s.Source.IsAbsoluteUri => ValidateOptionsResult.Fail("Events:Source must be an absolute URI (urn:secondopinion:{environment})."),
        _ => ValidateOptionsResult.Success,
    };
}
