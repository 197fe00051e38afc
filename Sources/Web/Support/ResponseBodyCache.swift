import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Encoded JSON answers to reads that depend only on an organisation's stored records, filed by
/// the organisation's log position and by what was asked (route, query, and the caller's standing,
/// since rights may shape an answer).
///
/// Encoding dominated these reads once the records themselves were cached (`RecordCache`): the
/// controls list spent most of its time in `JSONEncoder`. An answer is reused only while the log
/// has not moved, so it is exactly what encoding afresh would give. Bounded by entry count.
actor ResponseBodyCache {
    struct Key: Hashable, Sendable {
        let organization: UUID
        let request: String
    }

    private struct Entry {
        let position: Int64
        let body: ByteBuffer
        var used: UInt64
    }

    private var entries: [Key: Entry] = [:]
    private var clock: UInt64 = 0
    private let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func body(_ key: Key, at position: Int64) -> ByteBuffer? {
        guard var entry = entries[key], entry.position == position else { return nil }
        clock += 1
        entry.used = clock
        entries[key] = entry
        return entry.body
    }

    func store(_ body: ByteBuffer, _ key: Key, at position: Int64) {
        clock += 1
        entries[key] = Entry(position: position, body: body, used: clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }

    /// The answer for `request` at `position`: cached, or computed, encoded as every API answer is
    /// (`AttestContext.responseEncoder`) and kept. The caller has already been authorised for the
    /// read (the position itself is read under the same right), and `compute` authorises again.
    nonisolated func json<T: Encodable & Sendable>(
        _ scope: TenantScope, _ request: Request, context: AttestContext, position: Int64, compute: @Sendable () async throws -> T
    ) async throws -> Response {
        let key = Key(organization: scope.organizationID, request: "\(request.uri.path)?\(request.uri.query ?? "")|\(scope.standing)")
        let body: ByteBuffer
        if let cached = await self.body(key, at: position) {
            body = cached
        } else {
            // Encoded outside the actor, so a miss never holds up the hits of other callers.
            body = ByteBuffer(bytes: try context.responseEncoder.encode(try await compute()))
            await store(body, key, at: position)
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }
}
