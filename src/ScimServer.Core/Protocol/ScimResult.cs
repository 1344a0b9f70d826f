using System.Diagnostics.CodeAnalysis;

namespace ScimServer.Core.Protocol;

/// <summary>Either a value or a <see cref="ScimError"/>: expected failures are values, not exceptions.</summary>
public readonly struct ScimResult<T>
{
    private ScimResult(T? value, ScimError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public ScimError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Error is null;

    public static ScimResult<T> Ok(T value) => new(value, null);
    public static ScimResult<T> Fail(ScimError error) => new(default, error);

    public static implicit operator ScimResult<T>(T value) => Ok(value);
    public static implicit operator ScimResult<T>(ScimError error) => Fail(error);
}
