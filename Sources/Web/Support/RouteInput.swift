import ComplianceCore
import Foundation
import Hummingbird
import NIOCore

extension AttestContext {
    /// A UUID path parameter; anything else is "not found", naming what was asked for.
    func uuid(_ name: String, _ what: String) throws -> UUID {
        let raw = try parameters.require(name)
        guard let id = UUID(uuidString: raw) else { throw DomainError.notFound("\(what) \(raw.prefix(40))") }
        return id
    }
}

extension Request {
    /// A whole-number query parameter within `range`; nil when absent.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(DomainError) -> Int? {
        guard let raw = uri.queryParameters.get(name) else { return nil }
        guard let value = Int(String(raw)), range.contains(value) else {
            throw .invalid(
                name,
                "'\(raw.prefix(20))' must be a whole number from \(range.lowerBound)\(range.upperBound == Int.max ? " up" : " to \(range.upperBound)")."
            )
        }
        return value
    }
}

/// A file sent as a download.
enum Download {
    /// A file on disk sent in 1 MiB reads, never whole in memory; `deleteAfter` removes it once sent
    /// (or once the client goes away).
    static func streaming(_ file: URL, type: String, name: String, deleteAfter: Bool) throws -> Response {
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? NSNumber)?.intValue ?? 0
        let handle = try FileHandle(forReadingFrom: file)
        let body = ResponseBody { writer in
            defer {
                try? handle.close()
                if deleteAfter { try? FileManager.default.removeItem(at: file) }
            }
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                try await writer.write(ByteBuffer(bytes: chunk))
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .contentLength: String(size)],
            body: body)
    }

    static func attachment(_ data: Data, type: String, name: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
