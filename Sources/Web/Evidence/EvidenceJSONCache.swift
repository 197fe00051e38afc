import ComplianceCore
import Foundation
import UseCases

/// The unfiltered evidence list of recent organisations, already serialised, item by item.
///
/// Each item's JSON depends only on the item and, through its `expired` flag, on whether its due
/// date has passed. So a fragment is reused while its item is unchanged and no due date fell
/// between the two requests; the document is the fragments joined. After a change only the
/// changed items are written again.
actor EvidenceJSONCache {
    private struct Entry {
        let position: Int64
        let writtenAt: Date
        let validUntil: Date
        let fragments: [UUID: (item: EvidenceItem, bytes: [UInt8])]
        let document: [UInt8]
    }

    private var entries: [UUID: Entry] = [:]
    private let capacity = 16

    func unfiltered(_ scope: TenantScope, evidence: EvidenceWorkflow, now: Date = Date()) async throws -> [UInt8] {
        let position = try await evidence.position(in: scope)
        let previous = entries[scope.organizationID]
        if let previous, previous.position == position, now < previous.validUntil { return previous.document }
        let snapshot = try await evidence.snapshot(in: scope)
        var fragments: [UUID: (item: EvidenceItem, bytes: [UInt8])] = [:]
        var document = Array(#"{"count":\#(snapshot.items.count),"evidence":["#.utf8)
        document.reserveCapacity(snapshot.items.count * 700 + 64)
        for (offset, item) in snapshot.items.enumerated() {
            let bytes: [UInt8]
            if let old = previous?.fragments[item.id], old.item == item, !Self.flipped(item, between: previous!.writtenAt, and: now) {
                bytes = old.bytes
            } else {
                var writer = JSONWriter(capacity: 800)
                EvidenceListJSON.write(item, now: now, into: &writer)
                bytes = writer.bytes
            }
            if offset > 0 { document.append(UInt8(ascii: ",")) }
            document += bytes
            fragments[item.id] = (item, bytes)
        }
        document += Array("]}".utf8)
        let nextFlip = snapshot.items.compactMap(\.dueAt).filter { $0 > now }.min() ?? .distantFuture
        if entries.count >= capacity, previous == nil { entries.removeAll() }
        entries[scope.organizationID] = Entry(
            position: snapshot.position, writtenAt: now, validUntil: nextFlip, fragments: fragments, document: document)
        return document
    }

    /// True when the item's `expired` flag differs between the two moments.
    private static func flipped(_ item: EvidenceItem, between earlier: Date, and later: Date) -> Bool {
        item.isExpired(at: earlier) != item.isExpired(at: later)
    }
}
