import ComplianceCore
import Foundation

/// The log replayed into what each row should be now: for every entity, the fingerprint its last
/// event implies (nil once an event removed it) and that event's sequence. One small entry per
/// entity, so a million events over a hundred thousand records stays well inside memory.
struct LogReplay {
    struct Entry: Sendable {
        var fingerprint: String?
        var sequence: Int64
        var seen = false
    }

    private(set) var entities: [String: Entry] = [:]

    static func key(_ type: String, _ id: String) -> String { "\(type) \(id)" }

    mutating func apply(_ event: ChangeEvent, state: String?) {
        let logged = RecordFingerprint.logged(event, state: state)
        entities[Self.key(event.entityType, event.entityID)] = Entry(fingerprint: logged?.fingerprint, sequence: event.sequence)
    }

    /// Compares the census's rows with the replay in both directions and names each difference:
    /// a row with no event, a row the log says was removed, a state that differs, and an entity the
    /// log holds that no row does. Consumes the replay; returns how many rows were compared.
    consuming func compare(with census: any RecordCensus, organization: UUID, problems: inout [String]) async throws -> Int {
        let collector = RowCollector(entities: entities)
        entities = [:]
        try await census.rows(of: organization) { rows in await collector.take(rows) }
        problems += await collector.finish(covered: census.coveredTypes)
        return await collector.count
    }
}

/// Holds the replay while the census's batches arrive (through a Sendable closure), compares each
/// row as it comes and marks its entity seen; what is left unseen at the end was removed.
private actor RowCollector {
    var entities: [String: LogReplay.Entry]
    var count = 0
    var problems: [String] = []

    init(entities: [String: LogReplay.Entry]) {
        self.entities = entities
    }

    func take(_ rows: [RecordFingerprint]) {
        for row in rows {
            count += 1
            let key = LogReplay.key(row.entityType, row.entityID)
            guard let entry = entities[key] else {
                problems.append("\(row.kindName) \(row.entityID) has no event in the log: it was written outside Attest")
                continue
            }
            entities[key]?.seen = true
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

    func finish(covered: Set<String>) -> [String] {
        for (key, entry) in entities where entry.fingerprint != nil && !entry.seen {
            let type = String(key.prefix { $0 != " " })
            guard covered.contains(type) else { continue }
            problems.append(
                "\(type.replacingOccurrences(of: "_", with: " ")) \(key.dropFirst(type.count + 1)) was removed outside Attest: log entry \(entry.sequence) recorded it and no row holds it"
            )
        }
        entities = [:]
        return problems
    }
}
