using DataProtection.Core.Common;
using DataProtection.Core.Schedules;

namespace DataProtection.Tests.Core.Schedules;

/// <summary>Cron text as Velero (robfig/cron ParseStandard) reads it: accepted forms, descriptions, next runs, refusals.</summary>
public sealed class CronTextTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 26, 20, 7, 30, TimeSpan.Zero); // a Thursday

    [Theory]
    [InlineData("0 2 * * *", "Every day at 02:00")]
    [InlineData("15 * * * *", "Every hour at minute 15")]
    [InlineData("30 9 * * 1-5", "At 09:30, Monday through Friday")]
    [InlineData("30 9 * * MON-FRI", "At 09:30, Monday through Friday")]
    [InlineData("0 */6 * * *", "Every 6 hours")]
    [InlineData("@every 6h", "Every 6 hours")]
    [InlineData("@every 90m", "Every 90 minutes")]
    [InlineData("*/15 * * * *", "Every 15 minutes")]
    [InlineData("* * * * *", "Every minute")]
    [InlineData("@daily", "Every day at 00:00")]
    [InlineData("@hourly", "Every hour at minute 0")]
    [InlineData("@weekly", "At 00:00 on Sunday")]
    [InlineData("@monthly", "At 00:00 on day 1 of the month")]
    [InlineData("@yearly", "At 00:00 on day 1 of the month in January")]
    [InlineData("0 2,14 * * *", "Every day at 02:00 and 14:00")]
    [InlineData("0 3 * * 0,6", "At 03:00 on Sunday and Saturday")]
    [InlineData("0 1 1,15 * 1", "At 01:00 on days 1 and 15 of the month, and also on Monday")]
    [InlineData("CRON_TZ=Europe/Berlin 0 2 * * *", "Every day at 02:00 (Europe/Berlin)")]
    [InlineData("TZ=UTC 0 2 * * *", "Every day at 02:00")]
    [InlineData("5-40/5 1-3 * 1,7 *", "At minute 5, 10, 15, 20, 25, 30, 35 and 40 past hour 1 through 3 in January and July")]
    public void Describe_CommonAndUnusualShapes_ReadsAsASentence(string cron, string expected) =>
        CronText.Describe(cron).ShouldBe(expected);

    [Fact]
    public void NextRuns_Daily_FiveRunsAtTwoUtc()
    {
        var runs = CronText.NextRuns("0 2 * * *", From, 5);

        runs.ShouldBe([.. Enumerable.Range(27, 5).Select(d => d <= 30 ? At(11, d, 2) : At(12, d - 30, 2))]);
        runs.ShouldAllBe(r => r.Offset == TimeSpan.Zero);
    }

    [Fact]
    public void NextRuns_TimeZonePrefix_RunsAtLocalTimeAcrossDaylightSavingChange()
    {
        // Berlin leaves summer time at 03:00 on 25 Oct 2026: 02:00 local is 00:00 UTC until then (02:00 happens twice
        // that night; it runs once, at the first) and 01:00 UTC after.
        var runs = CronText.NextRuns("CRON_TZ=Europe/Berlin 0 2 * * *", new DateTimeOffset(2026, 10, 23, 12, 0, 0, TimeSpan.Zero), 5);

        runs.ShouldBe([At(10, 24, 0), At(10, 25, 0), At(10, 26, 1), At(10, 27, 1), At(10, 28, 1)]);
    }

    [Fact]
    public void NextRuns_WeekdaysAtNineThirty_SkipsTheWeekend()
    {
        CronText.NextRuns("30 9 * * 1-5", From, 5).ShouldBe(
            [At(11, 27, 9, 30), At(11, 30, 9, 30), At(12, 1, 9, 30), At(12, 2, 9, 30), At(12, 3, 9, 30)]);
    }

    [Fact]
    public void NextRuns_Every_CountsWholeSecondsFromTheGivenTime()
    {
        var from = From.AddMilliseconds(400);

        CronText.NextRuns("@every 1h30m", from, 3).ShouldBe([From.AddMinutes(90), From.AddMinutes(180), From.AddMinutes(270)]);
    }

    [Fact]
    public void NextRuns_DayOfMonthAndWeekdayBothRestricted_EitherMatches()
    {
        // robfig (and so Velero) runs on the 1st or on any Friday when both fields are restricted.
        CronText.NextRuns("0 0 1 * 5", From, 4).ShouldBe([At(11, 27, 0), At(12, 1, 0), At(12, 4, 0), At(12, 11, 0)]);
    }

    [Fact]
    public void NextRuns_StepOnStarredWeekday_IsNoLongerEveryDay()
    {
        // "*/2" in day-of-week restricts it (robfig drops the star), so day-of-month "1" ORs with Sun, Tue, Thu, Sat.
        CronText.NextRuns("0 0 1 * */2", From, 3).ShouldBe([At(11, 28, 0), At(11, 29, 0), At(12, 1, 0)]);
    }

    [Fact]
    public void NextRuns_DateThatNeverComes_NoneButValid()
    {
        // robfig accepts 31 February and simply never runs it; so does Velero.
        CronText.Validate("0 0 31 2 *");

        CronText.NextRuns("0 0 31 2 *", From, 5).ShouldBeEmpty();
        CronText.Describe("0 0 31 2 *").ShouldBe("At 00:00 on day 31 of the month in February");
    }

    [Theory]
    [InlineData("0 2 * *", "expected exactly 5 fields, found 4: [0 2 * *]")]
    [InlineData("60 2 * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("0 2 * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("0 2 L * *", "failed to parse int from L: strconv.Atoi: parsing \"L\": invalid syntax")]
    [InlineData("0 2 * * MON#1", "failed to parse int from MON#1: strconv.Atoi: parsing \"MON#1\": invalid syntax")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("@every 5x", "failed to parse duration @every 5x: time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("@every 5", "failed to parse duration @every 5: time: missing unit in duration \"5\"")]
    [InlineData("@every 1d", "failed to parse duration @every 1d: time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("CRON_TZ=Mars/Olympus 0 2 * * *", "provided bad location Mars/Olympus: unknown time zone Mars/Olympus")]
    [InlineData("0 0 0 0 0 0", "expected exactly 5 fields, found 6: [0 0 0 0 0 0]")]
    public void Validate_WhatVeleroRefuses_ThrowsNamingScheduleWithVelerosReason(string cron, string reason)
    {
        var error = Should.Throw<ValidationException>(() => CronText.Validate(cron));

        error.Field.ShouldBe("schedule");
        error.Message.ShouldStartWith($"schedule: '{cron}' is not a schedule Velero accepts (invalid schedule: {reason}).");
        Should.Throw<ValidationException>(() => CronText.NextRuns(cron, From, 5));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_Empty_SaysItIsRequired(string cron) =>
        Should.Throw<ValidationException>(() => CronText.Validate(cron)).Message.ShouldStartWith("schedule: is required");

    [Theory]
    [InlineData("0 2 ? * *")]
    [InlineData("0 2 * jan,JUL sun")]
    [InlineData("@midnight")]
    [InlineData("@annually")]
    [InlineData("TZ=America/New_York @daily")]
    [InlineData("@every 1.5h")]
    [InlineData("0-59/10 0-23 1-31 1-12 0-6")]
    public void Validate_FormsVeleroAccepts_Pass(string cron)
    {
        CronText.Validate(cron);

        CronText.NextRuns(cron, From, 5).Count.ShouldBe(5);
    }

    [Fact]
    public void Presets_WriteCronTheDescriptionReadsBack()
    {
        CronText.Describe(CronText.Hourly(15)).ShouldBe("Every hour at minute 15");
        CronText.Describe(CronText.DailyAt(new TimeOnly(2, 0))).ShouldBe("Every day at 02:00");
        CronText.WeeklyOn(DayOfWeek.Monday, new TimeOnly(9, 30)).ShouldBe("30 9 * * 1");
        CronText.Describe(CronText.WeeklyOn(DayOfWeek.Monday, new TimeOnly(9, 30))).ShouldBe("At 09:30 on Monday");
        Should.Throw<ArgumentOutOfRangeException>(() => CronText.Hourly(60));
    }

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
}
