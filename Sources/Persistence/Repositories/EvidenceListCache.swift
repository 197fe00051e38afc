import ComplianceCore
import Foundation

/// The evidence of a few organisations, each kept with the log position it was read at.
///
/// Every change to evidence appends to the organisation's log, so an entry is current exactly
/// while the log's last sequence is unchanged: one indexed lookup proves it, whichever process
/// (server or CLI) wrote last. A stale entry is brought forward by replaying the events after its
/// position, whose stored states are exactly the rows (`attest verify` checks that).
actor EvidenceListCache {
    private struct Entry {
        let sequence: Int64
        let items: [EvidenceItem]
        var used: UInt64
    }

    private var entries: [UUID: Entry] = [:]
    private var clock: UInt64 = 0
    private let capacity: Int

    init(capacity: Int = 16) {
        self.capacity = capacity
    }

    func items(of organizationID: UUID, at sequence: Int64) -> [EvidenceItem]? {
        guard var entry = entries[organizationID], entry.sequence == sequence else { return nil }
        clock += 1
        entry.used = clock
        entries[organizationID] = entry
        return entry.items
    }

    /// The newest entry for an organisation, whatever its position, to bring up to date.
    func latest(of organizationID: UUID) -> (items: [EvidenceItem], sequence: Int64)? {
        entries[organizationID].map { ($0.items, $0.sequence) }
    }

    func store(_ items: [EvidenceItem], of organizationID: UUID, at sequence: Int64) {
        clock += 1
        entries[organizationID] = Entry(sequence: sequence, items: items, used: clock)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used })?.key {
            entries[oldest] = nil
        }
    }
}
