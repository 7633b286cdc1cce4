using DataProtection.Core.Audit;

namespace DataProtection.Tests.Core.Audit;

public sealed class AuditCsvWriterTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"")]
    [InlineData("-1", "'-1")]
    [InlineData(null, "")]
    public void Escape_Value_IsSafeForSpreadsheets(string? value, string expected) =>
        AuditCsvWriter.Escape(value).ShouldBe(expected);
}
