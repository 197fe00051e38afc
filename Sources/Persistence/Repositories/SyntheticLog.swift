import ComplianceCore
import FluentKit
import Foundation

/// A large organisation written straight into the tables, for `attest bench verify`: evidence items
/// with several versions each and a long history of reviews, every row with the events that lead
/// to it, chained exactly as `ChangeLog` would chain them, so that `attest verify` finds it intact.
/// Written in batches of a thousand rows per transaction; going through the repositories one change
/// at a time would take the benchmark longer than the verify it measures.
public struct SyntheticLog: Sendable {
    let database: AttestDatabase

    public init(database: AttestDatabase) {
        self.database = database
    }

    /// Appends `items` items of `versions` versions each (blob digests from `digest(i)`, i counting
    /// versions from 0), then "reviewed" events on the items until the log holds `events` entries.
    public func fill(
        organizationID: UUID, items: Int, versions: Int, events: Int, digest: @Sendable (Int) -> String,
        progress: @Sendable (Int) -> Void
    ) async throws {
        let last = try await EventModel.query(on: database.db).filter(\.$organizationID == organizationID).sort(\.$sequence, .descending).first()
        var chain = (sequence: last?.sequence ?? 0, hash: last?.hash ?? ChangeEvent.genesisHash)
        var clock = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        var pendingEvents: [EventModel] = []
        var pendingItems: [EvidenceItemModel] = []
        var pendingVersions: [EvidenceVersionModel] = []
        var itemStates: [EvidenceItem] = []

        func event(_ type: String, _ id: UUID, _ action: String, _ state: some Encodable) throws {
            clock = clock.addingTimeInterval(1)
            let canonical = try CanonicalJSON.encode(state)
            let event = ChangeEvent(
                organizationID: organizationID, sequence: chain.sequence + 1, actor: .cli("bench"), entityType: type,
                entityID: id.uuidString.lowercased(), action: action, stateDigest: Digest.sha256Hex(Array(canonical)), occurredAt: clock,
                previousHash: chain.hash)
            chain = (event.sequence, event.hash)
            pendingEvents.append(EventModel(event, state: String(decoding: canonical, as: UTF8.self)))
        }
        func flush() async throws {
            let (events, items, versions) = (pendingEvents, pendingItems, pendingVersions)
            pendingEvents = []
            pendingItems = []
            pendingVersions = []
            try await database.db.transaction { db in
                if !items.isEmpty { try await items.create(on: db) }
                if !versions.isEmpty { try await versions.create(on: db) }
                if !events.isEmpty { try await events.create(on: db) }
            }
            progress(Int(chain.sequence))
        }

        let source = EvidenceSource(kind: .import, actor: "cli:bench")
        // Rounds of review cycle through the items; each row is written in its final review's state
        // up front (its versions refer to it), and the events that lead there follow.
        let reviews = max(0, events - Int(chain.sequence) - items * (1 + versions))
        func reviewed(_ item: EvidenceItem, round: Int) -> EvidenceItem {
            var item = item
            item.status = round % 3 == 0 ? .flagged : .approved
            item.reviewer = "cli:bench"
            item.reviewComment = "Review \(round)"
            return item
        }
        for index in 0..<items {
            let item = EvidenceItem(
                id: UUID(), organizationID: organizationID, title: "Evidence \(index)", description: "", controls: ["AC-04"], criteria: ["CC6.1"],
                requests: [], frequency: .quarterly, status: .notReady, reviewer: nil, reviewComment: nil,
                createdAt: clock.addingTimeInterval(1).roundedToMilliseconds, latest: nil)
            try event("evidence_item", item.id, "created", item)
            itemStates.append(item)
            let lastRound = reviews > index ? index + (reviews - 1 - index) / items * items : nil
            pendingItems.append(EvidenceItemModel(lastRound.map { reviewed(item, round: $0) } ?? item))
            for number in 1...versions {
                let version = EvidenceVersion(
                    id: UUID(), itemID: item.id, number: number, sha256: digest(index * versions + number - 1), size: 512,
                    contentType: "text/plain", fileName: "evidence-\(index)-v\(number).txt", period: nil, source: source, rowCount: nil,
                    createdAt: clock.addingTimeInterval(1).roundedToMilliseconds)
                try event("evidence_version", version.id, "added", version)
                pendingVersions.append(try EvidenceVersionModel(version, organizationID: organizationID))
            }
            if pendingEvents.count >= 1000 || pendingItems.count >= 500 { try await flush() }
        }
        for round in 0..<reviews {
            let index = round % items
            itemStates[index] = reviewed(itemStates[index], round: round)
            try event("evidence_item", itemStates[index].id, "reviewed", itemStates[index])
            if pendingEvents.count >= 1000 { try await flush() }
        }
        try await flush()
    }
}
