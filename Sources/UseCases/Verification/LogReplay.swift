import ComplianceCore
import Foundation

/// The log replayed into what each row should be now: for every entity, the fingerprint its last
/// event implies (nil once an event removed it) and that event's sequence. One small entry per
/// entity, so a million events over a hundred thousand records stays well inside memory.
struct LogReplay {
    struct Entry {
        var fingerprint: String?
        var sequence: Int64
    }

    private(set) var entities: [String: Entry] = [:]

    static func key(_ type: String, _ id: String) -> String { "\(type) \(id)" }

    mutating func apply(_ event: ChangeEvent, state: String?) {
        let logged = RecordFingerprint.logged(event, state: state)
        entities[Self.key(event.entityType, event.entityID)] = Entry(fingerprint: logged?.fingerprint, sequence: event.sequence)
    }

    /// Compares the census's rows with the replay in both directions and names each difference:
    /// a row with no event, a row the log says was removed, a state that differs, and an entity the
    /// log holds that no row does. Returns how many rows were compared.
    func compare(with census: any RecordCensus, organization: UUID, problems: inout [String]) async throws -> Int {
        let collector = RowCollector(entities: entities)
        try await census.rows(of: organization) { rows in await collector.take(rows) }
        var (found, count) = await collector.result()
        let covered = census.coveredTypes
        for (key, entry) in entities where entry.fingerprint != nil && !found.contains(key) {
            let type = String(key.prefix { $0 != " " })
            guard covered.contains(type) else { continue }
            let id = key.dropFirst(type.count + 1)
            problems.append(
                "\(type.replacingOccurrences(of: "_", with: " ")) \(id) was removed outside Attest: log entry \(entry.sequence) recorded it and no row holds it"
            )
        }
        found.removeAll()
        problems += await collector.problems
        return count
    }
}

/// Gathers the census's batches (which arrive through a Sendable closure) and compares each row
/// with the replay as it comes, keeping only the keys seen.
private actor RowCollector {
    let entities: [String: LogReplay.Entry]
    var seen: Set<String> = []
    var count = 0
    var problems: [String] = []

    init(entities: [String: LogReplay.Entry]) {
        self.entities = entities
    }

    func take(_ rows: [RecordFingerprint]) {
        for row in rows {
            count += 1
            let key = LogReplay.key(row.entityType, row.entityID)
            seen.insert(key)
            guard let entry = entities[key] else {
                problems.append("\(row.kindName) \(row.entityID) has no event in the log: it was written outside Attest")
                continue
            }
            guard let fingerprint = entry.fingerprint else {
                problems.append("\(row.kindName) \(row.entityID) was removed by log entry \(entry.sequence) but its row is back")
                continue
            }
            if fingerprint != row.fingerprint {
                problems.append(
                    "\(row.kindName) \(row.entityID) differs from what the log recorded (entry \(entry.sequence)): it was changed outside Attest")
            }
        }
    }

    func result() -> (Set<String>, Int) { (seen, count) }
}
