import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Encoded JSON answers to reads that depend only on an organisation's stored records, filed by
/// the organisation's log position and by what was asked (route, query, and the caller's standing,
/// since rights may shape an answer).
///
/// Encoding dominated these reads once the records themselves were cached (`Records.all`): the
/// controls list spent most of its time in `JSONEncoder`. An answer is reused only while the log
/// has not moved, so it is exactly what encoding afresh would give (`LogPositionCache`).
struct ResponseBodyCache: Sendable {
    struct Key: Hashable, Sendable {
        let organization: UUID
        let request: String
    }

    private let bodies = LogPositionCache<Key, ByteBuffer>(capacity: 256)

    /// The answer for `request` at `position`: cached, or computed, encoded as every API answer is
    /// (`AttestContext.responseEncoder`) and kept. The caller has already been authorised for the
    /// read (the position itself is read under the same right), and `compute` authorises again.
    func json<T: Encodable & Sendable>(
        _ scope: TenantScope, _ request: Request, context: AttestContext, position: Int64, compute: @Sendable () async throws -> T
    ) async throws -> Response {
        let key = Key(organization: scope.organizationID, request: "\(request.uri.path)?\(request.uri.query ?? "")|\(scope.standing)")
        let body: ByteBuffer
        if let cached = await bodies.value(key, at: position) {
            body = cached
        } else {
            // Encoded outside the cache's actor, so a miss never holds up the hits of other callers.
            body = ByteBuffer(bytes: try context.responseEncoder.encode(try await compute()))
            await bodies.store(body, key, at: position)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
