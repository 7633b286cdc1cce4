namespace DataProtection.Sandbox.ObjectStore;

/// <param name="Port">0 picks a free port.</param>
/// <param name="AccessKey">With <paramref name="SecretKey"/>, fixed credentials; when either is null a pair is generated once and kept in the data directory.</param>
public sealed record S3ServerOptions(string DataDirectory, int Port = 0, string? AccessKey = null, string? SecretKey = null, string Region = "us-east-1");
