namespace DataProtection.Core.Common;

/// <summary>Bad input. <see cref="Field"/> names the offending field so the UI and API can point at it.</summary>
public sealed class ValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

public sealed class NotFoundException(string message) : Exception(message);

public sealed class ConflictException(string message) : Exception(message);

public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>A registered cluster could not be reached or refused a request; the message says why.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
