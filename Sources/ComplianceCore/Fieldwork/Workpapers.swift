import Foundation

/// An auditor's statement, per engagement, that they are independent of the client; fieldwork
/// cannot start without it.
public struct IndependenceConfirmation: Codable, Sendable, Hashable {
    public let engagementID: UUID
    public let auditorUserID: UUID
    public let auditor: String
    public let statement: String
    public let confirmedAt: Date

    public init(engagementID: UUID, auditorUserID: UUID, auditor: String, statement: String, confirmedAt: Date) throws(DomainError) {
        guard statement.trimmingCharacters(in: .whitespacesAndNewlines).count >= 20 else {
            throw .invalid("statement", "state your independence in a sentence (at least 20 characters).")
        }
        self.engagementID = engagementID
        self.auditorUserID = auditorUserID
        self.auditor = auditor
        self.statement = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        self.confirmedAt = confirmedAt
    }
}

/// A population frozen for testing: an evidence version, what one pass over it found, and how the
/// auditor satisfied themselves that it is complete and accurate (IPE). Never changed; a
/// replacement is a new version under the same name.
public struct Population: Workpaper, Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let engagementID: UUID
    public let name: String
    public let version: Int
    public let evidenceID: UUID
    public let evidenceVersion: Int
    public let scan: PopulationScan
    public let sourceSystem: String
    public let extractionQuery: String
    public let completenessProcedure: String
    public let controls: [String]
    public let frozenBy: String
    public let frozenAt: Date
    public var signoffs: SignOffs?
    public var evidenceIDs: [UUID] { [evidenceID] }

    public init(
        id: UUID, engagementID: UUID, name: String, version: Int, evidenceID: UUID, evidenceVersion: Int, scan: PopulationScan,
        sourceSystem: String, extractionQuery: String, completenessProcedure: String, controls: [String], frozenBy: String, frozenAt: Date
    ) {
        self.id = id
        self.engagementID = engagementID
        self.name = name
        self.version = version
        self.evidenceID = evidenceID
        self.evidenceVersion = evidenceVersion
        self.scan = scan
        self.sourceSystem = sourceSystem
        self.extractionQuery = extractionQuery
        self.completenessProcedure = completenessProcedure
        self.controls = controls
        self.frozenBy = frozenBy
        self.frozenAt = frozenAt
    }
}

/// Items added to a sample after a deviation; the first draw never changes.
public struct SampleExtension: Codable, Sendable, Hashable {
    public let round: Int
    public let reason: String
    public let selected: [Int]
    public let by: String
    public let at: Date
}

/// A sampled row and the value of its population's first column (the key people recognise, such
/// as PR 4032), read from the frozen file when the row was drawn.
public struct SampleKey: Codable, Sendable, Hashable {
    public let row: Int
    public let key: String

    public init(row: Int, key: String) {
        self.row = row
        self.key = key
    }
}

/// A sample drawn from a frozen population for testing one control.
public struct Sample: Workpaper, Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let engagementID: UUID
    public let populationID: UUID
    public let control: String
    public let frequency: Frequency
    public let risk: ControlRisk
    public let periodMonths: Int
    public let proposal: SampleSizeProposal
    public let overrideReason: String?
    public let draw: SampleDraw
    public var extensions: [SampleExtension]
    public let drawnBy: String
    public let drawnAt: Date
    public var signoffs: SignOffs?
    /// The population's key for each selected row (first draw and extensions), when it was read.
    public var keys: [SampleKey]?
    public var evidenceIDs: [UUID] { [] }

    /// The population's key of a sampled row, if recorded.
    public func key(of row: Int) -> String? { keys?.first { $0.row == row }?.key }

    /// Every selected row as a list reads it: "12 (4012) 31 (4031)", bare numbers where no key was kept.
    public var selectedRowsText: String {
        allSelected.map { row in key(of: row).map { "\(row) (\($0))" } ?? "\(row)" }.joined(separator: " ")
    }

    public init(
        id: UUID, engagementID: UUID, populationID: UUID, control: String, frequency: Frequency, risk: ControlRisk, periodMonths: Int,
        proposal: SampleSizeProposal, overrideReason: String?, draw: SampleDraw, extensions: [SampleExtension], drawnBy: String, drawnAt: Date
    ) {
        self.id = id
        self.engagementID = engagementID
        self.populationID = populationID
        self.control = control
        self.frequency = frequency
        self.risk = risk
        self.periodMonths = periodMonths
        self.proposal = proposal
        self.overrideReason = overrideReason
        self.draw = draw
        self.extensions = extensions
        self.drawnBy = drawnBy
        self.drawnAt = drawnAt
    }

    /// Every selected row, the first draw and its extensions, ascending.
    public var allSelected: [Int] { (draw.selected + extensions.flatMap(\.selected)).sorted() }

    /// Adds items without touching the first draw (round n seeds the generator with seed + n).
    public mutating func extend(by count: Int, reason: String, actor: String, at: Date) throws(DomainError) {
        try requireUnsigned()
        guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 10 else {
            throw .invalid("reason", "say why the sample is extended (at least 10 characters).")
        }
        let round = extensions.count + 1
        let added = try Sampler.extend(allSelected, rows: draw.populationRows, count: count, seed: draw.seed, round: round)
        extensions.append(SampleExtension(round: round, reason: reason, selected: added, by: actor, at: at))
    }
}

/// The number of whole months from a period's first day to its last, both included (at least 1):
/// what a sample records as its period's length.
public enum PeriodMonths {
    public static func of(start: Day, end: Day) -> Int {
        var months = 0
        while start.adding(months: months + 1) <= end.adding(days: 1) { months += 1 }
        return max(1, months)
    }
}

/// Something that happened on the other side of the wall that a person should see.
public struct Notification: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let userID: UUID
    public let text: String
    /// A path inside the organisation to look at it.
    public let path: String
    public let at: Date
    public var read: Bool
    /// Set once the email copy went out (only when SMTP is configured).
    public var mailedAt: Date?
    /// Failed sends so far, and the last reason; the outbox gives up after a few.
    public var mailAttempts: Int?
    public var mailError: String?

    public init(id: UUID, userID: UUID, text: String, path: String, at: Date, read: Bool = false) {
        self.id = id
        self.userID = userID
        self.text = text
        self.path = path
        self.at = at
        self.read = read
    }

    /// The stored record's key: its reader's id, then its own.
    public var recordKey: String { "\(userID.uuidString.lowercased())/\(id.uuidString.lowercased())" }
}

extension RecordTransaction {
    /// Saves a notification under its reader, logging `action` (`notified`, `read`).
    public func save(_ note: Notification, organization: UUID, action: String, actor: Actor, now: Date) async throws {
        try await save(
            .notification, note, id: note.id, organization: organization, parent: note.userID, key: note.recordKey, action: action, actor: actor,
            now: now)
    }
}

/// What a person does to a request: the client provides and comments; the auditor accepts,
/// returns with a reason, reschedules and comments.
public enum RequestAction: Sendable, Hashable {
    case provide(evidence: [UUID])
    case accept
    case giveBack(reason: String)
    case reschedule(Day)
    case comment(String)
}
