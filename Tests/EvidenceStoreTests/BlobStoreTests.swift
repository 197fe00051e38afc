import AWSSigning
import ComplianceCore
import Foundation
import Testing

@testable import EvidenceStore

/// Blob stores under test: files always, and S3 through moto's server when `ATTEST_TEST_S3_ENDPOINT` is set.
enum TestBlobStore: CustomStringConvertible, Sendable {
    case files
    case s3(endpoint: URL)

    static var available: [TestBlobStore] {
        var list: [TestBlobStore] = [.files]
        if let raw = ProcessInfo.processInfo.environment["ATTEST_TEST_S3_ENDPOINT"], let url = URL(string: raw) { list.append(.s3(endpoint: url)) }
        return list
    }

    var description: String {
        switch self {
        case .files: "files"
        case .s3: "s3"
        }
    }

    func make(partSize: Int = 5 << 20) async throws -> any BlobStore {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attest-blobs-\(UUID())")
        switch self {
        case .files:
            return FileBlobStore(root: scratch)
        case .s3(let endpoint):
            let store = S3BlobStore(
                configuration: S3Configuration(
                    endpoint: endpoint, bucket: "attest-\(UUID().uuidString.prefix(8).lowercased())",
                    accessKey: "test", secretKey: "test", partSize: partSize),
                spoolDirectory: scratch)
            try await store.createBucketIfMissing()
            return store
        }
    }
}

@Suite("Blob stores")
struct BlobStoreTests {
    func file(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("in-\(UUID())")
        try Data(bytes).write(to: url)
        return url
    }

    @Test(arguments: TestBlobStore.available)
    func storesByDigestOnceAndReadsBack(_ kind: TestBlobStore) async throws {
        let store = try await kind.make()
        let bytes = Array("access review Q3, signed by the CTO\n".utf8)
        let first = try await store.store(contentsOf: try file(bytes), limit: 1 << 20)
        #expect(first.sha256 == Digest.sha256Hex(bytes))
        #expect(first.size == Int64(bytes.count))
        let second = try await store.store(contentsOf: try file(bytes), limit: 1 << 20)
        #expect(second.sha256 == first.sha256)
        #expect(try await store.check(first.sha256) == .intact)
        let collected = Collected()
        try await store.read(first.sha256) { await collected.add($0) }
        #expect(await collected.bytes == bytes)
        #expect(try await store.check(String(repeating: "0", count: 64)) == .missing)
        // Spool files never linger.
        #expect((try? FileManager.default.contentsOfDirectory(atPath: store.spoolDirectory.path))?.isEmpty ?? true)
    }

    @Test(arguments: TestBlobStore.available)
    func largeBlobsGoUpInParts(_ kind: TestBlobStore) async throws {
        let store = try await kind.make(partSize: 5 << 20)
        var bytes = [UInt8](repeating: 0, count: (11 << 20) + 123)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 8) }
        let stored = try await store.store(contentsOf: try file(bytes), limit: 1 << 30)
        #expect(stored.sha256 == Digest.sha256Hex(bytes))
        #expect(try await store.check(stored.sha256) == .intact)
    }

    @Test(arguments: TestBlobStore.available)
    func emptyAndOversizedFilesAreRefused(_ kind: TestBlobStore) async throws {
        let store = try await kind.make()
        await #expect(throws: BlobError.empty) { try await store.store(contentsOf: try file([]), limit: 100) }
        await #expect(throws: BlobError.tooLarge(limit: 100)) {
            try await store.store(contentsOf: try file(Array(repeating: 1, count: 101)), limit: 100)
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: store.spoolDirectory.path))?.isEmpty ?? true)
    }

    @Test func aChangedOrMissingFileIsDetected() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("attest-blobs-\(UUID())")
        let store = FileBlobStore(root: root)
        let stored = try await store.store(contentsOf: try file(Array("original".utf8)), limit: 100)
        let path = root.appendingPathComponent(String(stored.sha256.prefix(2))).appendingPathComponent(String(stored.sha256.dropFirst(2).prefix(2)))
            .appendingPathComponent(stored.sha256)
        try Data("tampered".utf8).write(to: path)
        guard case .changed = try await store.check(stored.sha256) else {
            Issue.record("tampering not detected")
            return
        }
        await #expect(throws: BlobError.self) { try await store.read(stored.sha256) { _ in } }
        try FileManager.default.removeItem(at: path)
        #expect(try await store.check(stored.sha256) == .missing)
    }
}

actor Collected {
    var bytes: [UInt8] = []
    func add(_ chunk: [UInt8]) { bytes += chunk }
}

@Suite("Signature Version 4")
struct SigV4Tests {
    /// The worked example "GET Object" from AWS's Signature Version 4 documentation for S3.
    @Test func matchesAWSsPublishedExample() throws {
        let signer = SigV4(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
        let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
        let headers = signer.sign(
            method: "GET", host: "examplebucket.s3.amazonaws.com", path: "/test.txt", query: [],
            headers: [("Range", "bytes=0-9")], payloadSHA256: SigV4.emptyPayloadSHA256, date: date)
        let authorization = try #require(headers.first { $0.0 == "authorization" }?.1)
        #expect(
            authorization
                == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        )
    }
}
