namespace SecondOpinion.Core.Common;

/// <summary>A stored value with its concurrency token.</summary>
public sealed record StoredDocument<T>(T Value, string ETag);

/// <summary>Thrown when a conditional write loses a race (HTTP 412 in Cosmos terms).</summary>
public sealed class ConcurrencyConflictException(string container, string id)
    : Exception($"Document '{id}' in '{container}' was changed by someone else.");

/// <summary>
/// One page of a listing and the opaque token for the next one (null on the last page). Listings are
/// paged so that a request costs what it returns, never what the platform has accumulated.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken)
{
    public static readonly Page<T> Empty = new([], null);

    public Page<TOut> Select<TOut>(Func<T, TOut> map) => new(Items.Select(map).ToList(), ContinuationToken);
}

/// <summary>Which page to read: its size (1–<see cref="MaxSize"/>) and where the previous page ended.</summary>
public sealed record PageRequest(int Size = PageRequest.DefaultSize, string? ContinuationToken = null)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 200;

    public static readonly PageRequest First = new();

    /// <summary>Parses <c>pageSize</c> and <c>continuationToken</c> as sent; null with the field-level errors when they are not usable.</summary>
    public static PageRequest? TryParse(string? pageSize, string? continuationToken, out IDictionary<string, string[]>? errors)
    {
        errors = null;
        var size = DefaultSize;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size is < 1 or > MaxSize))
        {
            errors = new Dictionary<string, string[]> { ["pageSize"] = [$"A whole number from 1 to {MaxSize}."] };
            return null;
        }
        if (continuationToken is { Length: > 512 })
        {
            errors = new Dictionary<string, string[]> { ["continuationToken"] = ["Not one this API issued."] };
            return null;
        }
        return new PageRequest(size, string.IsNullOrEmpty(continuationToken) ? null : continuationToken);
    }
}

/// <summary>A continuation token that the store cannot read: the caller sent one it did not get from us.</summary>
public sealed class InvalidContinuationTokenException() : Exception("The continuation token is not one this API issued.");
