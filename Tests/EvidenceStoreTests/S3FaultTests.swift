import ComplianceCore
import Foundation
import Hummingbird
import Logging
import TestSupport
import Testing

@testable import EvidenceStore

/// A real HTTP server on loopback that answers like a failing S3: refusals, errors, silence.
enum FaultyS3 {
    enum Mode: String, CaseIterable, Sendable { case forbidden, broken, slow }

    static func withServer(_ mode: Mode, _ body: @Sendable (URL) async throws -> Void) async throws {
        let router = Router()
        router.on("**", method: .head) { _, _ in try await answer(mode) }
        router.on("**", method: .put) { _, _ in try await answer(mode) }
        router.on("**", method: .get) { _, _ in try await answer(mode) }
        try await LoopbackServer.run(router, body)
    }

    static func answer(_ mode: Mode) async throws -> Response {
        switch mode {
        case .forbidden:
            return Response(
                status: .forbidden,
                body: .init(byteBuffer: ByteBuffer(string: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")))
        case .broken:
            return Response(
                status: .internalServerError,
                body: .init(
                    byteBuffer: ByteBuffer(string: "<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>")))
        case .slow:
            try await Task.sleep(for: .seconds(5))
            return Response(status: .ok)
        }
    }
}

@Suite("S3 failures")
struct S3FaultTests {
    @Test(arguments: FaultyS3.Mode.allCases)
    func failuresNameTheirCauseAndRecordNothing(_ mode: FaultyS3.Mode) async throws {
        try await FaultyS3.withServer(mode) { endpoint in
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("attest-s3fault-\(UUID())")
            let store = S3BlobStore(
                configuration: S3Configuration(
                    endpoint: endpoint, bucket: "b", accessKey: "k", secretKey: "s", timeout: .seconds(mode == .slow ? 1 : 20)),
                spoolDirectory: spool)
            let file = spool.deletingLastPathComponent().appendingPathComponent("in-\(UUID())")
            try Data("evidence".utf8).write(to: file)
            let error = await #expect(throws: BlobError.self) { try await store.store(contentsOf: file, limit: 1 << 20) }
            let message = error?.description ?? ""
            switch mode {
            case .forbidden: #expect(message.contains("403") && message.contains("refused access"), "\(message)")
            case .broken: #expect(message.contains("500") && message.contains("nothing was recorded as stored"), "\(message)")
            case .slow: #expect(message.contains("did not answer within 1 s"), "\(message)")
            }
            // The spool file is gone either way.
            #expect((try? FileManager.default.contentsOfDirectory(atPath: spool.path))?.isEmpty ?? true)
        }
    }
}
