namespace DataProtection.Core.Identity;

public static class ClaimNames
{
    /// <summary>Changes whenever a user's password, role or state changes, so older sign-ins stop working.</summary>
    public const string SecurityStamp = "dp:stamp";

    public const string AuthMethod = "dp:auth";

    public const string Token = "token";
    public const string Cookie = "cookie";
    public const string Entra = "entra";
}
