import AWSSigning
import ComplianceCore
import Foundation
import NIOHTTP1

/// Signed calls to AWS in the four protocols the checks need: query (IAM, EC2, RDS, STS), JSON
/// (KMS, CloudTrail, CloudWatch Logs, Config), REST-JSON (GuardDuty) and REST-XML (S3).
public struct AWSClient: Sendable {
    public let http: CollectorHTTP
    public let credentials: AWSCredentials
    /// One endpoint for every service (`AWS_ENDPOINT_URL`, moto, LocalStack); nil for AWS itself.
    public let endpoint: URL?

    public init(http: CollectorHTTP, credentials: AWSCredentials, endpoint: URL?) {
        self.http = http
        self.credentials = credentials
        self.endpoint = endpoint
    }

    /// The host and base URL of a service in a region. IAM is global and signs in us-east-1.
    func address(service: String, region: String, account: String? = nil) -> (base: String, host: String) {
        if let endpoint {
            let host = (endpoint.host ?? "127.0.0.1") + (endpoint.port.map { ":\($0)" } ?? "")
            // S3 Control names the account in the host; an emulator routes on that name.
            if service == "s3-control", let account {
                return ("\(endpoint.scheme ?? "http")://\(host)", "\(account).s3-control.\(region).amazonaws.com")
            }
            return ("\(endpoint.scheme ?? "http")://\(host)", host)
        }
        let host: String =
            switch service {
            case "iam": "iam.amazonaws.com"
            case "s3-control": "\(account ?? "").s3-control.\(region).amazonaws.com"
            default: "\(service).\(region).amazonaws.com"
            }
        return ("https://\(host)", host)
    }

    static func signingName(_ service: String) -> String { service == "s3-control" ? "s3" : service }

    func signed(
        _ method: HTTPMethod, service: String, region: String, account: String? = nil, path: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: [UInt8] = []
    ) -> OutboundCall {
        let (base, host) = address(service: service, region: region, account: account)
        let signingRegion = service == "iam" ? "us-east-1" : region
        let signer = SigV4(credentials, region: signingRegion, service: Self.signingName(service))
        let signature = signer.sign(
            method: method.rawValue, host: host, path: path, query: query, headers: headers, payloadSHA256: Digest.sha256Hex(body), date: Date())
        let queryString = SigV4.canonicalQuery(query)
        let url = base + SigV4.encodePath(path) + (queryString.isEmpty ? "" : "?" + queryString)
        return OutboundCall(method: method, url: url, headers: headers + signature + [("host", host)], body: body)
    }

    // MARK: - Protocols

    /// A query-protocol action: a signed form POST answered in XML.
    public func query(_ service: String, _ action: String, version: String, region: String, _ parameters: [(String, String)] = [])
        async throws(CollectorError) -> XMLTree
    {
        guard let tree = try await query(service, action, version: version, region: region, parameters, absent: []) else {
            throw .malformed(action: "\(service):\(action)", reason: "no answer")
        }
        return tree
    }

    /// A query action whose "not configured" error codes (`absent`, e.g. `NoSuchEntity`) answer nil.
    public func query(
        _ service: String, _ action: String, version: String, region: String, _ parameters: [(String, String)] = [], absent: Set<String>
    ) async throws(CollectorError) -> XMLTree? {
        let form = ([("Action", action), ("Version", version)] + parameters).map { SigV4.encode($0.0) + "=" + SigV4.encode($0.1) }
            .joined(separator: "&")
        let body = Array(form.utf8)
        let name = "\(service):\(action)"
        let answer = try await exchange(name, absent: absent) {
            signed(
                .POST, service: service, region: region, path: "/", headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")],
                body: body)
        }
        return try answer.map { bytes throws(CollectorError) in try Self.xml(bytes, action: name) }
    }

    /// A JSON-protocol action: `X-Amz-Target: <prefix>.<action>` with a JSON body.
    public func json(_ service: String, target: String, _ action: String, region: String, _ body: [String: any Sendable] = [:])
        async throws(CollectorError) -> JSONTree
    {
        let name = "\(service):\(action)"
        let bytes = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])).map(Array.init) ?? Array("{}".utf8)
        let answer = try await exchange(name) {
            signed(
                .POST, service: service, region: region, path: "/",
                headers: [("content-type", "application/x-amz-json-1.1"), ("x-amz-target", "\(target).\(action)")], body: bytes)
        }
        return try Self.json(answer ?? [], action: name)
    }

    /// A REST call answered in JSON (GuardDuty).
    public func restJSON(_ service: String, _ action: String, region: String, path: String) async throws(CollectorError) -> JSONTree {
        let name = "\(service):\(action)"
        let answer = try await exchange(name) { signed(.GET, service: service, region: region, path: path) }
        return try Self.json(answer ?? [], action: name)
    }

    /// A REST call answered in XML (S3, S3 Control). Nil when the answer is one of `absent`, the
    /// error codes that mean "not configured" (`NoSuchBucketPolicy`), which is a fact, not a failure.
    public func restXML(
        _ service: String, _ action: String, region: String, account: String? = nil, path: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], absent: Set<String> = []
    ) async throws(CollectorError) -> XMLTree? {
        let name = "\(service):\(action)"
        let answer = try await rest(service, action, region: region, account: account, path: path, query: query, headers: headers, absent: absent)
        return try answer.map { bytes throws(CollectorError) in try Self.xml(bytes, action: name) }
    }

    /// A REST GET's body, or nil for one of the `absent` error codes.
    public func rest(
        _ service: String, _ action: String, region: String, account: String? = nil, path: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], absent: Set<String> = []
    ) async throws(CollectorError) -> [UInt8]? {
        try await exchange("\(service):\(action)", absent: absent) {
            signed(.GET, service: service, region: region, account: account, path: path, query: query, headers: headers)
        }
    }

    /// Every protocol's one round trip: send (throttling retried), then the body, nil for an
    /// `absent` error code ("not configured" is a fact), or the error the answer names.
    func exchange(_ name: String, absent: Set<String> = [], _ build: () -> OutboundCall) async throws(CollectorError) -> [UInt8]? {
        let reply = try await http.send(name, throttled: Self.isThrottled, build)
        if reply.status >= 300, let code = Self.errorCode(reply).code, absent.contains(code) { return nil }
        try Self.check(reply, action: name)
        return reply.body
    }

    // MARK: - Answers

    static func xml(_ bytes: [UInt8], action: String) throws(CollectorError) -> XMLTree {
        do { return try XMLTree.parse(bytes) } catch { throw .malformed(action: action, reason: error.reason) }
    }

    static func json(_ bytes: [UInt8], action: String) throws(CollectorError) -> JSONTree {
        do { return try JSONTree.parse(bytes) } catch { throw .malformed(action: action, reason: error.reason) }
    }

    /// The error code and message, wherever the protocol puts them.
    static func errorCode(_ reply: InboundReply) -> (code: String?, message: String) {
        if let header = reply.headers.first(name: "x-amzn-errortype") {
            return (String(header.split(separator: ":").first ?? ""), "")
        }
        if let tree = try? XMLTree.parse(reply.body) {
            return (tree.first("Code")?.text ?? (tree.name == "Code" ? tree.text : nil), tree.first("Message")?.text ?? "")
        }
        if let json = try? JSONTree.parse(reply.body) {
            let type = json["__type"].string ?? json["code"].string ?? json["Code"].string
            return (type.map { String($0.split(separator: "#").last ?? "") }, json["message"].string ?? json["Message"].string ?? "")
        }
        return (nil, "")
    }

    static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException",
        "RequestThrottled", "RequestThrottledException", "SlowDown", "ProvisionedThroughputExceededException",
    ]
    static let refusalCodes: Set<String> = [
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess", "AuthorizationError", "Forbidden",
    ]
    static let credentialCodes: Set<String> = [
        "InvalidClientTokenId", "SignatureDoesNotMatch", "InvalidAccessKeyId", "AuthFailure", "UnrecognizedClientException",
        "ExpiredToken", "ExpiredTokenException", "InvalidToken", "IncompleteSignature",
    ]

    @Sendable static func isThrottled(_ reply: InboundReply) -> Bool {
        guard reply.status == 400 || reply.status == 429 || reply.status == 503, let code = errorCode(reply).code else { return false }
        return throttlingCodes.contains(code)
    }

    static func check(_ reply: InboundReply, action: String) throws(CollectorError) {
        guard reply.status >= 300 else { return }
        let (found, message) = errorCode(reply)
        let code = found ?? "HTTP \(reply.status)"
        if credentialCodes.contains(code) { throw .badCredentials(action: action, code: code, message: message) }
        if refusalCodes.contains(code) || reply.status == 403 { throw .refused(action: action, code: code, message: message) }
        if code == "NotImplemented" || code == "InvalidAction" || reply.status == 501 || (reply.status == 500 && found == nil) {
            throw .notImplemented(action: action, message: message)
        }
        throw .failed(action: action, status: reply.status, code: code, message: message)
    }
}
