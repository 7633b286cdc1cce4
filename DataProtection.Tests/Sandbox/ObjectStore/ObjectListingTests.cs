using DataProtection.Sandbox.ObjectStore;

namespace DataProtection.Tests.Sandbox.ObjectStore;

/// <summary>Listing and range edge cases the SDK cannot easily produce (suffix ranges, start-after with a marker).</summary>
public class ObjectListingTests
{
    private static readonly ObjectRecord[] Records = [.. new[] { "a/1", "a/2", "b", "c/x/1", "c/y", "d" }.Select(Record)];

    [Fact]
    public void List_DelimiterAndMaxKeys_ResumesAfterCommonPrefixWithoutRepeatingIt()
    {
        var first = ObjectListing.List(Records, new ListingRequest("", "/", 2, null, null));
        var second = ObjectListing.List(Records, new ListingRequest("", "/", 2, ObjectListing.DecodeToken(first.NextContinuationToken!), null));

        first.CommonPrefixes.ShouldBe(["a/"]);
        first.Contents.Select(c => c.Key).ShouldBe(["b"]);
        first.IsTruncated.ShouldBeTrue();
        second.CommonPrefixes.ShouldBe(["c/"]);
        second.Contents.Select(c => c.Key).ShouldBe(["d"]);
        second.IsTruncated.ShouldBeFalse();
        second.NextContinuationToken.ShouldBeNull();
    }

    [Fact]
    public void List_StartAfterInsidePrefix_SkipsEarlierKeys() =>
        ObjectListing.List(Records, new ListingRequest("c/", null, 1000, null, "c/x/1")).Contents.Select(c => c.Key).ShouldBe(["c/y"]);

    [Fact]
    public void List_MaxKeysZero_ReturnsNothingAndNotTruncated()
    {
        var page = ObjectListing.List(Records, new ListingRequest("", null, 0, null, null));

        page.Contents.ShouldBeEmpty();
        page.IsTruncated.ShouldBeFalse();
    }

    [Fact]
    public void ListObjectsV2Xml_UrlEncodingRequested_EncodesKeysAndPrefixes()
    {
        var records = new[] { "a b/c&d.txt", "x y/z" }.Select(Record).ToArray();
        var request = new ListingRequest("", "/", 1000, null, null);

        var xml = S3Xml.ListObjectsV2("bucket", request, null, ObjectListing.List(records, request), urlEncode: true).ToString();

        xml.ShouldContain("<Prefix>a%20b/</Prefix>");
        xml.ShouldContain("<Prefix>x%20y/</Prefix>");
        xml.ShouldContain("<EncodingType>url</EncodingType>");
        xml.ShouldContain("<KeyCount>2</KeyCount>");
    }

    [Fact]
    public void DecodeToken_NotBase64_ThrowsInvalidArgument() =>
        Should.Throw<S3Exception>(() => ObjectListing.DecodeToken("not base64!")).Code.ShouldBe("InvalidArgument");

    [Theory]
    [InlineData("bytes=0-4", 0L, 5L)]
    [InlineData("bytes=10-", 10L, 6L)]
    [InlineData("bytes=-4", 12L, 4L)]
    [InlineData("bytes=-100", 0L, 16L)]
    [InlineData("bytes=3-1000", 3L, 13L)]
    public void ParseRange_SatisfiableRanges_ReturnOffsetAndLength(string header, long offset, long length) =>
        ObjectHandlers.ParseRange(header, 16).ShouldBe((offset, length));

    [Theory]
    [InlineData("")]
    [InlineData("bytes=0-1,4-5")]
    [InlineData("items=0-4")]
    [InlineData("bytes=5-2")]
    public void ParseRange_AbsentOrUnsupported_ServesWholeObject(string header) => ObjectHandlers.ParseRange(header, 16).ShouldBeNull();

    [Theory]
    [InlineData("bytes=16-")]
    [InlineData("bytes=-0")]
    public void ParseRange_Unsatisfiable_ThrowsInvalidRange(string header) =>
        Should.Throw<S3Exception>(() => ObjectHandlers.ParseRange(header, 16)).Code.ShouldBe("InvalidRange");

    private static ObjectRecord Record(string key) => new(key, key + ".data", 1, "\"etag\"", DateTimeOffset.UnixEpoch,
        new ObjectProperties("binary/octet-stream", new Dictionary<string, string>(), new Dictionary<string, string>(), null, null));
}
