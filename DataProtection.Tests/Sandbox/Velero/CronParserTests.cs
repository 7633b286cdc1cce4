using DataProtection.Sandbox.Velero;

namespace DataProtection.Tests.Sandbox.Velero;

/// <summary>The sandbox's own robfig/cron v3 ParseStandard, checked against robfig's activations and error messages.</summary>
public sealed class CronParserTests
{
    private static readonly DateTimeOffset Start = new(2026, 5, 20, 10, 7, 30, TimeSpan.Zero); // a Wednesday

    private static List<DateTimeOffset> Next(string spec, int count, DateTimeOffset? from = null)
    {
        var cron = CronParser.Parse(spec);
        var times = new List<DateTimeOffset>();
        var at = from ?? Start;
        for (var i = 0; i < count; i++)
            times.Add(at = cron.Next(at) ?? throw new InvalidOperationException("no next time"));
        return times;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void Parse_StepOfStar_EveryQuarterHour() =>
        Next("*/15 * * * *", 3).ShouldBe([Utc(5, 20, 10, 15), Utc(5, 20, 10, 30), Utc(5, 20, 10, 45)]);

    [Fact]
    public void Parse_RangeAndList_OnlyThoseHours() =>
        Next("0 1-3,22 * * *", 5).ShouldBe([Utc(5, 20, 22, 0), Utc(5, 21, 1, 0), Utc(5, 21, 2, 0), Utc(5, 21, 3, 0), Utc(5, 21, 22, 0)]);

    [Fact]
    public void Parse_WeekdayNames_SkipsWeekend() =>
        Next("30 2 * * MON-FRI", 3).ShouldBe([Utc(5, 21, 2, 30), Utc(5, 22, 2, 30), Utc(5, 25, 2, 30)]);

    [Fact]
    public void Parse_MonthNameCaseInsensitive_FirstOfJuly() =>
        Next("0 0 1 jul *", 1).ShouldBe([Utc(7, 1, 0, 0)]);

    [Fact]
    public void Parse_DomAndDowBothRestricted_EitherMatches()
    {
        // robfig ORs day-of-month and day-of-week when neither is '*': the 25th (a Monday) and every Friday.
        Next("0 0 25 * FRI", 3).ShouldBe([Utc(5, 22, 0, 0), Utc(5, 25, 0, 0), Utc(5, 29, 0, 0)]);
    }

    [Fact]
    public void Parse_DowStarredDomRestricted_BothMustMatch() =>
        Next("0 0 25 * *", 2).ShouldBe([Utc(5, 25, 0, 0), Utc(6, 25, 0, 0)]);

    [Fact]
    public void Parse_QuestionMarkDom_CountsAsStar() =>
        Next("0 0 ? * MON", 2).ShouldBe([Utc(5, 25, 0, 0), Utc(6, 1, 0, 0)]);

    [Fact]
    public void Parse_DomWithStepOverTwo_NoLongerStarSoOrWithDow()
    {
        // robfig drops the '*' marker for "*/2", so "every other day OR Sunday": the 21st, 23rd, 24th (a Sunday), 25th.
        Next("0 0 */2 * SUN", 4).ShouldBe([Utc(5, 21, 0, 0), Utc(5, 23, 0, 0), Utc(5, 24, 0, 0), Utc(5, 25, 0, 0)]);
    }

    [Fact]
    public void Parse_StepFromNumber_RunsToFieldMaximum() =>
        Next("50/5 10 * * *", 3).ShouldBe([Utc(5, 20, 10, 50), Utc(5, 20, 10, 55), Utc(5, 21, 10, 50)]);

    [Theory]
    [InlineData("@hourly", "2026-05-20T11:00:00Z")]
    [InlineData("@daily", "2026-05-21T00:00:00Z")]
    [InlineData("@midnight", "2026-05-21T00:00:00Z")]
    [InlineData("@weekly", "2026-05-24T00:00:00Z")]
    [InlineData("@monthly", "2026-06-01T00:00:00Z")]
    [InlineData("@yearly", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "2027-01-01T00:00:00Z")]
    [InlineData("@every 1h30m", "2026-05-20T11:37:30Z")]
    [InlineData("@every 500ms", "2026-05-20T10:07:31Z")]
    public void Parse_Descriptor_NextActivation(string spec, string expected) =>
        Next(spec, 1).ShouldBe([DateTimeOffset.Parse(expected)]);

    [Fact]
    public void Parse_CronTz_FiresAtLocalWallClock()
    {
        // 02:30 in New York during daylight saving time is 06:30 UTC.
        Next("CRON_TZ=America/New_York 30 2 * * *", 1).ShouldBe([Utc(5, 21, 6, 30)]);
        Next("TZ=Asia/Tokyo 0 9 * * *", 1).ShouldBe([Utc(5, 21, 0, 0)]);
    }

    [Fact]
    public void Parse_Unsatisfiable_NoNextTime() =>
        CronParser.Parse("0 0 30 2 *").Next(Start).ShouldBeNull();

    [Theory]
    [InlineData("0 0 * *", "expected exactly 5 fields, found 4: [0 0 * *]")]
    [InlineData("0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]")]
    [InlineData("60 * * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("* 25 * * *", "end of range (25) above maximum (23): 25")]
    [InlineData("* * 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("* * * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("1-2-3 * * * *", "too many hyphens: 1-2-3")]
    [InlineData("*/2/3 * * * *", "too many slashes: */2/3")]
    [InlineData("x * * * *", "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("* * * FOO *", "failed to parse int from FOO: strconv.Atoi: parsing \"FOO\": invalid syntax")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every 1x", "failed to parse duration @every 1x: time: unknown unit \"x\" in duration \"1x\"")]
    [InlineData("@every h", "failed to parse duration @every h: time: invalid duration \"h\"")]
    [InlineData("@every 10", "failed to parse duration @every 10: time: missing unit in duration \"10\"")]
    [InlineData("CRON_TZ=Mars/Olympus 0 0 * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus")]
    [InlineData("", "empty spec string")]
    public void Parse_Invalid_ThrowsRobfigMessage(string spec, string message) =>
        Should.Throw<FormatException>(() => CronParser.Parse(spec)).Message.ShouldBe(message);
}
