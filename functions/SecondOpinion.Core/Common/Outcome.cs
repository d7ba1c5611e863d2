namespace SecondOpinion.Core.Common;

/// <summary>The result of an application-service call, mapped to HTTP by the one problem-details writer.</summary>
public abstract record Outcome<T>
{
    public sealed record Ok(T Value, bool Created = false) : Outcome<T>;
    public sealed record Invalid(IDictionary<string, string[]> Errors) : Outcome<T>;
    public sealed record NotFound(string Detail) : Outcome<T>;
    public sealed record Forbidden(string Detail) : Outcome<T>;
    public sealed record Conflict(string Detail) : Outcome<T>;
    public sealed record Unsupported(string Detail) : Outcome<T>;
    public sealed record TooLarge(string Detail) : Outcome<T>;

    public static implicit operator Outcome<T>(T value) => new Ok(value);
}
