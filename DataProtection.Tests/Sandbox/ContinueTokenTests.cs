using DataProtection.Sandbox.KubeApi;

namespace DataProtection.Tests.Sandbox;

public sealed class ContinueTokenTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decode_FreshToken_RoundTrips()
    {
        var token = new ContinueToken(42, "shop/cm-9", Issued).Encode();

        ContinueToken.Decode(token, Issued.AddMinutes(4), historyFloor: 10).ShouldBe(new ContinueToken(42, "shop/cm-9", Issued));
    }

    [Fact]
    public void Decode_OlderThanFiveMinutes_Throws410Expired()
    {
        var token = new ContinueToken(42, "shop/cm-9", Issued).Encode();

        var error = Should.Throw<KubeApiException>(() => ContinueToken.Decode(token, Issued.AddMinutes(5).AddSeconds(1), historyFloor: 10));

        (error.Code, error.Reason).ShouldBe((410, "Expired"));
    }

    [Fact]
    public void Decode_VersionCompactedAway_Throws410Expired() =>
        Should.Throw<KubeApiException>(() => ContinueToken.Decode(new ContinueToken(42, "k", Issued).Encode(), Issued, historyFloor: 43)).Code.ShouldBe(410);

    [Fact]
    public void Decode_Garbage_Throws400() =>
        Should.Throw<KubeApiException>(() => ContinueToken.Decode("not-a-token", Issued, 0)).Code.ShouldBe(400);
}
