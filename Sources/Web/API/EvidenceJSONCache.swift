import ComplianceCore
import Foundation
import Persistence

/// The unfiltered evidence list of recent organisations, already serialised.
///
/// The document is a pure function of the log position and of the clock only through each
/// item's `expired` flag, so an entry is exact while the position is unchanged and until the
/// next due date after it was written. Past either, it is written again.
actor EvidenceJSONCache {
    private struct Entry {
        let position: Int64
        let validUntil: Date
        let bytes: [UInt8]
    }

    private var entries: [UUID: Entry] = [:]
    private let capacity = 16

    func unfiltered(_ scope: TenantScope, store: Store, now: Date = Date()) async throws -> [UInt8] {
        let position = try await store.evidence.position(in: scope)
        if let entry = entries[scope.organizationID], entry.position == position, now < entry.validUntil {
            return entry.bytes
        }
        let snapshot = try await store.evidence.snapshot(in: scope)
        let bytes = EvidenceListJSON.write(snapshot.items, asOf: nil, now: now)
        let nextFlip = snapshot.items.compactMap(\.dueAt).filter { $0 > now }.min() ?? .distantFuture
        if entries.count >= capacity { entries.removeAll() }
        entries[scope.organizationID] = Entry(position: snapshot.position, validUntil: nextFlip, bytes: bytes)
        return bytes
    }
}
