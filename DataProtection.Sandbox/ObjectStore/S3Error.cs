namespace DataProtection.Sandbox.ObjectStore;

/// <summary>An S3 error response: the code and status the SDK acts on, plus S3's message wording.</summary>
public sealed class S3Exception(string code, int status, string message) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;

    public static S3Exception NoSuchBucket() => new("NoSuchBucket", 404, "The specified bucket does not exist");
    public static S3Exception NoSuchKey() => new("NoSuchKey", 404, "The specified key does not exist.");
    public static S3Exception NoSuchUpload() => new("NoSuchUpload", 404, "The specified multipart upload does not exist.");
    public static S3Exception BucketAlreadyOwnedByYou() => new("BucketAlreadyOwnedByYou", 409, "The bucket you tried to create already exists, and you own it.");
    public static S3Exception BucketNotEmpty() => new("BucketNotEmpty", 409, "The bucket you tried to delete is not empty");
    public static S3Exception InvalidBucketName() => new("InvalidBucketName", 400, "The specified bucket is not valid.");
    public static S3Exception AccessDenied(string message = "Access Denied") => new("AccessDenied", 403, message);
    public static S3Exception SignatureDoesNotMatch() => new("SignatureDoesNotMatch", 403,
        "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
    public static S3Exception InvalidAccessKeyId() => new("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.");
    public static S3Exception RequestTimeTooSkewed() => new("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.");
    public static S3Exception InvalidRange() => new("InvalidRange", 416, "The requested range is not satisfiable");
    public static S3Exception MalformedXml() => new("MalformedXML", 400,
        "The XML you provided was not well-formed or did not validate against our published schema");
    public static S3Exception InvalidPart() => new("InvalidPart", 400,
        "One or more of the specified parts could not be found. The part might not have been uploaded, or the specified ETag might not have matched the uploaded part's ETag.");
    public static S3Exception InvalidPartOrder() => new("InvalidPartOrder", 400,
        "The list of parts was not in ascending order. Parts list must be specified in order by part number.");
    public static S3Exception EntityTooSmall() => new("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.");
    public static S3Exception ContentSha256Mismatch() => new("XAmzContentSHA256Mismatch", 400,
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
    public static S3Exception BadDigest(string algorithm) => new("BadDigest", 400, $"The {algorithm} you specified did not match the calculated checksum.");
    public static S3Exception IncompleteBody() => new("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header.");
    public static S3Exception AuthorizationHeaderMalformed(string detail) => new("AuthorizationHeaderMalformed", 400, $"The authorization header is malformed; {detail}");
    public static S3Exception AuthorizationQueryParametersError(string detail) => new("AuthorizationQueryParametersError", 400, detail);
    public static S3Exception InvalidArgument(string detail) => new("InvalidArgument", 400, detail);
    public static S3Exception MethodNotAllowed() => new("MethodNotAllowed", 405, "The specified method is not allowed against this resource.");
    public static S3Exception NotImplemented() => new("NotImplemented", 501, "A header or query you provided implies functionality that is not implemented.");
}
