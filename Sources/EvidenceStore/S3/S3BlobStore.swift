import AWSSigning
import AsyncHTTPClient
import ComplianceCore
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Where and how to reach an S3-compatible object store.
public struct S3Configuration: Sendable {
    public var endpoint: URL
    public var region: String
    public var bucket: String
    public var accessKey: String
    public var secretKey: String
    /// `https://host/bucket/key` instead of `https://bucket.host/key`; needed for IP endpoints and most self-hosted stores.
    public var pathStyle: Bool
    public var prefix: String
    /// Parts of a multipart upload; S3 wants at least 5 MiB but the last.
    public var partSize: Int
    public var timeout: TimeAmount

    public init(
        endpoint: URL, region: String = "us-east-1", bucket: String, accessKey: String, secretKey: String,
        pathStyle: Bool = true, prefix: String = "blobs/", partSize: Int = 8 << 20, timeout: TimeAmount = .seconds(30)
    ) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.accessKey = accessKey
        self.secretKey = secretKey
        self.pathStyle = pathStyle
        self.prefix = prefix
        self.partSize = partSize
        self.timeout = timeout
    }
}

/// Blobs in an S3-compatible bucket under `<prefix><sha256>`. Incoming blobs are spooled and hashed
/// on local disk first, so the object key is the digest and every request carries the true
/// payload hash; large blobs go up in parts of `partSize`, so memory stays at one part.
public struct S3BlobStore: BlobStore {
    public let configuration: S3Configuration
    public let spoolDirectory: URL
    let client: HTTPClient
    let signer: SigV4

    public init(configuration: S3Configuration, spoolDirectory: URL, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.spoolDirectory = spoolDirectory
        self.client = client
        signer = SigV4(accessKey: configuration.accessKey, secretKey: configuration.secretKey, region: configuration.region)
    }

    public var label: String { "S3 bucket \(configuration.bucket) at \(configuration.endpoint.absoluteString)" }

    func key(_ sha256: String) -> String { configuration.prefix + sha256 }

    public func commit(_ blob: SpooledBlob) async throws(BlobError) {
        defer { unlink(blob.file.path) }
        do {
            if try await exists(key(blob.sha256)) { return }
            if blob.size <= Int64(configuration.partSize) {
                let bytes = try Data(contentsOf: blob.file)
                _ = try await send("PUT", key: key(blob.sha256), body: Array(bytes), expect: [200])
            } else {
                try await multipartUpload(blob)
            }
        } catch let error as BlobError {
            throw error
        } catch {
            throw .remote("S3 upload failed: \(error)")
        }
    }

    public func check(_ sha256: String) async throws(BlobError) -> BlobCheck {
        do {
            var hasher = SHA256Stream()
            let found = try await download(key(sha256)) { hasher.update($0) }
            guard found else { return .missing }
            let actual = hasher.finalize()
            return actual == sha256 ? .intact : .changed(actualSHA256: actual)
        } catch let error as BlobError {
            throw error
        } catch {
            throw .remote("S3 read failed: \(error)")
        }
    }

    public func read(_ sha256: String, _ consume: ([UInt8]) async throws -> Void) async throws {
        switch try await check(sha256) {
        case .intact: break
        case .missing: throw BlobError.missing(sha256)
        case .changed(let actual): throw BlobError.corrupted(sha256: sha256, actual: actual)
        }
        _ = try await download(key(sha256)) { try await consume($0) }
    }

    /// Creates the bucket when it does not exist (for tests and first set-up).
    public func createBucketIfMissing() async throws {
        let response = try await request("PUT", key: nil, query: [], body: [])
        guard [200, 409].contains(response.status) else { throw S3Failure(operation: "create bucket", response: response).error }
    }

    // MARK: - Requests

    struct Reply {
        let status: Int
        let headers: HTTPHeaders
        let body: [UInt8]
    }

    struct S3Failure {
        let operation: String
        let response: Reply

        var error: BlobError {
            let text = String(decoding: response.body.prefix(2000), as: UTF8.self)
            let code = Self.tag("Code", in: text) ?? "no code"
            let message = Self.tag("Message", in: text).map { ": \($0)" } ?? ""
            let cause =
                switch response.status {
                case 403: "S3 refused access (403 \(code))\(message); check the access key, secret and bucket policy"
                case 404: "S3 has no such bucket or object (404 \(code))\(message)"
                case 500...: "S3 failed on its side (\(response.status) \(code))\(message); nothing was recorded as stored"
                default: "S3 answered \(response.status) \(code)\(message)"
                }
            return .remote("\(operation): \(cause).")
        }

        static func tag(_ name: String, in xml: String) -> String? {
            guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex) else {
                return nil
            }
            return String(xml[start.upperBound..<end.lowerBound])
        }
    }

    func exists(_ key: String) async throws -> Bool {
        let response = try await request("HEAD", key: key, query: [], body: [])
        switch response.status {
        case 200: return true
        case 404: return false
        default: throw S3Failure(operation: "check for \(key)", response: response).error
        }
    }

    @discardableResult
    func send(_ method: String, key: String, query: [(String, String)] = [], body: [UInt8], expect: Set<Int>) async throws -> Reply {
        let response = try await request(method, key: key, query: query, body: body)
        guard expect.contains(response.status) else { throw S3Failure(operation: "\(method) \(key)", response: response).error }
        return response
    }

    func request(_ method: String, key: String?, query: [(String, String)], body: [UInt8], collectBody: Bool = true) async throws -> Reply {
        let (url, host, path) = address(key: key, query: query)
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        let signed = signer.sign(
            method: method, host: host, path: path, query: query, headers: [],
            payloadSHA256: Digest.sha256Hex(body), date: Date())
        for (name, value) in signed { request.headers.add(name: name, value: value) }
        request.headers.add(name: "host", value: host)
        if !body.isEmpty || method == "PUT" || method == "POST" {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: configuration.timeout)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw BlobError.remote(
                "S3 at \(configuration.endpoint.absoluteString) did not answer within \(configuration.timeout.nanoseconds / 1_000_000_000) s; nothing was recorded as stored."
            )
        } catch {
            throw BlobError.remote("S3 at \(configuration.endpoint.absoluteString) cannot be reached: \(error).")
        }
        var bytes: [UInt8] = []
        if collectBody, method != "HEAD" {
            bytes = Array(buffer: try await response.body.collect(upTo: 1 << 20))
        }
        return Reply(status: Int(response.status.code), headers: response.headers, body: bytes)
    }

    /// Streams an object's body to `consume`; false when there is no such object.
    func download(_ key: String, _ consume: ([UInt8]) async throws -> Void) async throws -> Bool {
        let (url, host, path) = address(key: key, query: [])
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in signer.sign(
            method: "GET", host: host, path: path, query: [], headers: [], payloadSHA256: SigV4.emptyPayloadSHA256, date: Date())
        {
            request.headers.add(name: name, value: value)
        }
        request.headers.add(name: "host", value: host)
        let response: HTTPClientResponse
        do { response = try await client.execute(request, timeout: configuration.timeout) } catch {
            throw BlobError.remote("S3 at \(configuration.endpoint.absoluteString) cannot be reached: \(error).")
        }
        if response.status.code == 404 { return false }
        guard response.status.code == 200 else {
            let body = Array(buffer: try await response.body.collect(upTo: 1 << 20))
            throw S3Failure(operation: "GET \(key)", response: Reply(status: Int(response.status.code), headers: response.headers, body: body)).error
        }
        for try await chunk in response.body { try await consume(Array(buffer: chunk)) }
        return true
    }

    /// The URL, the Host header and the path to sign, in path-style or virtual-hosted addressing.
    func address(key: String?, query: [(String, String)]) -> (String, String, String) {
        let endpoint = configuration.endpoint
        let scheme = endpoint.scheme ?? "https"
        let hostName = endpoint.host ?? "localhost"
        let port = endpoint.port.map { ":\($0)" } ?? ""
        let objectPath = key.map { "/" + $0 } ?? "/"
        let (host, path) =
            configuration.pathStyle
            ? (hostName + port, "/\(configuration.bucket)\(key.map { "/" + $0 } ?? "")")
            : ("\(configuration.bucket).\(hostName)\(port)", objectPath)
        let queryString = SigV4.canonicalQuery(query)
        return ("\(scheme)://\(host)\(SigV4.encodePath(path))\(queryString.isEmpty ? "" : "?" + queryString)", host, path)
    }
}
