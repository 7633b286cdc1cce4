using DataProtection.Core.Backups;
using DataProtection.Core.Common;

namespace DataProtection.Tests.Core.Backups;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(720 * 3600, "720h0m0s")]
    [InlineData(90 * 60, "1h30m0s")]
    [InlineData(30 * 60, "30m0s")]
    [InlineData(45, "45s")]
    [InlineData(0, "0s")]
    public void Format_WholeSeconds_AsGoWritesIt(int seconds, string expected) =>
        GoDuration.Format(TimeSpan.FromSeconds(seconds)).ShouldBe(expected);

    [Theory]
    [InlineData("30d", 30 * 24 * 60)]
    [InlineData("720h", 720 * 60)]
    [InlineData("720h0m0s", 720 * 60)]
    [InlineData("1h30m", 90)]
    [InlineData("1.5h", 90)]
    [InlineData(" 2m ", 2)]
    public void Parse_DaysAndGoForms_Minutes(string text, int minutes) =>
        GoDuration.Parse(text).ShouldBe(TimeSpan.FromMinutes(minutes));

    [Theory]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("thirty days")]
    [InlineData("1w")]
    [InlineData("-1h")]
    public void Parse_NotADuration_NamesTheField(string text)
    {
        var error = Should.Throw<ValidationException>(() => GoDuration.Parse(text, "ttl"));

        (error.Field, error.Message.StartsWith("ttl:", StringComparison.Ordinal)).ShouldBe(("ttl", true));
    }

    [Fact]
    public void Parse_TooLong_NamesTheField() =>
        Should.Throw<ValidationException>(() => GoDuration.Parse("99999999999999d")).Message.ShouldContain("too long");

    [Fact]
    public void Parse_FormatRoundTrip_SameDuration() =>
        GoDuration.Parse(GoDuration.Format(TimeSpan.FromDays(365))).ShouldBe(TimeSpan.FromDays(365));
}
