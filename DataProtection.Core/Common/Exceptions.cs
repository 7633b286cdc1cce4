namespace DataProtection.Core.Common;

/// <summary>Bad input. <see cref="Field"/> names the offending field so the UI and API can point at it.</summary>
public sealed class ValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

public sealed class NotFoundException(string message) : Exception(message);

public sealed class ConflictException(string message) : Exception(message);

public sealed class ForbiddenException(string message) : Exception(message);
