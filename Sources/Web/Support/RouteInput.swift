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
    static func attachment(_ data: Data, type: String, name: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .contentLength: String(data.count)],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
