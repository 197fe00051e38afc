import ComplianceCore
import Crypto
import Foundation

/// AWS Signature Version 4: the canonical request, the string to sign, the derived key and the
/// `Authorization` header, written from the published algorithm. One signer serves the S3 blob
/// store and the collectors' calls to every other AWS service.
public struct SigV4: Sendable {
    public let accessKey: String
    let secretKey: String
    /// Temporary credentials (an assumed role, an SSO session) carry a token sent as `x-amz-security-token`.
    let sessionToken: String?
    public let region: String
    public let service: String

    public init(accessKey: String, secretKey: String, sessionToken: String? = nil, region: String, service: String = "s3") {
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.sessionToken = sessionToken
        self.region = region
        self.service = service
    }

    public init(_ credentials: AWSCredentials, region: String, service: String) {
        self.init(
            accessKey: credentials.accessKeyID, secretKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken,
            region: region, service: service)
    }

    /// Headers to add to a request: `x-amz-date`, `x-amz-content-sha256`, `authorization` (and
    /// `x-amz-security-token` for temporary credentials).
    public func sign(
        method: String, host: String, path: String, query: [(String, String)], headers: [(String, String)],
        payloadSHA256: String, date: Date
    ) -> [(String, String)] {
        let (amzDate, day) = Self.timestamps(date)
        var all = headers.map { ($0.0.lowercased(), $0.1.trimmingCharacters(in: .whitespaces)) }
        all += [("host", host), ("x-amz-content-sha256", payloadSHA256), ("x-amz-date", amzDate)]
        if let sessionToken { all.append(("x-amz-security-token", sessionToken)) }
        all.sort { $0.0 < $1.0 }
        let signedHeaders = all.map(\.0).joined(separator: ";")
        let canonicalRequest = [
            method,
            Self.encodePath(path),
            Self.canonicalQuery(query),
            all.map { "\($0.0):\($0.1)\n" }.joined(),
            signedHeaders,
            payloadSHA256,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope)\n\(Digest.sha256Hex(Array(canonicalRequest.utf8)))"
        let signature = Self.hmac(signingKey(day: day), stringToSign).hex
        var signed = [
            ("x-amz-date", amzDate),
            ("x-amz-content-sha256", payloadSHA256),
            ("authorization", "AWS4-HMAC-SHA256 Credential=\(accessKey)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"),
        ]
        if let sessionToken { signed.append(("x-amz-security-token", sessionToken)) }
        return signed
    }

    public func signingKey(day: String) -> [UInt8] {
        let date = Self.hmac(Array("AWS4\(secretKey)".utf8), day)
        return Self.hmac(Self.hmac(Self.hmac(date, region), service), "aws4_request")
    }

    public static func hmac(_ key: [UInt8], _ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key)))
    }

    /// `20261128T075652Z` and `20261128`.
    public static func timestamps(_ date: Date) -> (String, String) {
        let text = Timestamp.rfc3339(date)  // 2026-11-28T07:56:52.123Z
        let compact = text.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return (compact + "Z", String(compact.prefix(8)))
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters (and `/` in paths).
    public static func encode(_ text: String, keepSlash: Bool = false) -> String {
        var allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
        if keepSlash { allowed.insert("/") }
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    public static func encodePath(_ path: String) -> String {
        encode(path, keepSlash: true)
    }

    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        let encoded: [(String, String)] = query.map { pair in (encode(pair.0), encode(pair.1)) }
        let sorted = encoded.sorted { left, right in left.0 == right.0 ? left.1 < right.1 : left.0 < right.0 }
        return sorted.map { pair in pair.0 + "=" + pair.1 }.joined(separator: "&")
    }

    public static let emptyPayloadSHA256 = Digest.sha256Hex([UInt8]())
}
