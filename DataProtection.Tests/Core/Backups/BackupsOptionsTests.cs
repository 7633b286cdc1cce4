using DataProtection.Core.Backups;
using DataProtection.Core.Common;

namespace DataProtection.Tests.Core.Backups;

public sealed class BackupsOptionsTests
{
    private static readonly SectionOptionsValidator<BackupsOptions> Validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Validator.Validate(null, new BackupsOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_MinBackoffAboveMax_NamesTheKey()
    {
        var result = Validator.Validate(null, new BackupsOptions { MinBackoffMilliseconds = 20_000, MaxBackoffSeconds = 10 });

        result.Failures.ShouldHaveSingleItem().ShouldStartWith("Backups:MinBackoffMilliseconds: must not be longer than MaxBackoffSeconds");
    }

    [Fact]
    public void Validate_WatchTimeoutTooShortAndBadCron_ReportsBoth()
    {
        var result = Validator.Validate(null, new BackupsOptions { WatchTimeoutSeconds = 1, ReconcileCron = "often" });

        result.Failures.ShouldNotBeNull().Count().ShouldBe(2);
        result.Failures.ShouldContain(f => f.StartsWith("Backups:WatchTimeoutSeconds:"));
        result.Failures.ShouldContain(f => f.StartsWith("Backups:ReconcileCron:"));
    }
}
