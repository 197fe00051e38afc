import Foundation

public enum ControlType: String, Codable, Sendable, CaseIterable {
    case manual, automated, hybrid
}

/// The four ways an auditor tests a control (AT-C 205 and the SOC 2 guide).
public enum TestMethod: String, Codable, Sendable, CaseIterable {
    case inquiry, observation, inspection, reperformance
}

/// A suggested step for testing a control.
public struct TestProcedure: Codable, Sendable, Hashable {
    public let method: TestMethod
    public let step: String

    public init(method: TestMethod, step: String) {
        self.method = method
        self.step = step
    }
}

/// A control as shipped in the library, before an organisation adopts it.
public struct LibraryControl: Codable, Sendable, Hashable, Identifiable {
    public let id: String
    public let title: String
    public let description: String
    public let type: ControlType
    public let frequency: Frequency
    public let ownerRole: String
    public let criteria: [String]
    public let procedures: [TestProcedure]
    public let evidence: [String]

    public init(
        id: String, title: String, description: String, type: ControlType, frequency: Frequency, ownerRole: String,
        criteria: [String], procedures: [TestProcedure], evidence: [String]
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.type = type
        self.frequency = frequency
        self.ownerRole = ownerRole
        self.criteria = criteria
        self.procedures = procedures
        self.evidence = evidence
    }
}

/// The shipped control library.
public struct ControlLibrary: Sendable {
    public let id: String
    public let version: String
    public let controls: [LibraryControl]

    public init(id: String, version: String, controls: [LibraryControl]) {
        self.id = id
        self.version = version
        self.controls = controls
    }

    public func control(_ id: String) -> LibraryControl? { controls.first { $0.id == id } }

    /// Criteria of `catalog` that no control addresses (empty for the shipped library; a test says so).
    public func uncovered(in catalog: Catalog) -> [String] {
        let covered = Set(controls.flatMap(\.criteria))
        return catalog.criteria.map(\.id).filter { !covered.contains($0) }
    }
}

/// How far a control has come. Readiness reads it; nobody types readiness by hand.
public enum ImplementationStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case notStarted = "not_started"
    case designed, implemented, operating

    /// The share of the way to "operating", used by the readiness score.
    public var weight: Double {
        switch self {
        case .notStarted: 0
        case .designed: 0.4
        case .implemented: 0.8
        case .operating: 1
        }
    }

    public var displayName: String {
        switch self {
        case .notStarted: "Not started"
        case .designed: "Designed"
        case .implemented: "Implemented"
        case .operating: "Operating"
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.weight < rhs.weight }
}

/// A control in an organisation's programme: adopted from the library or written by the organisation.
public struct ProgrammeControl: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let organizationID: UUID
    /// The control's reference (`ACC-01`); unique within the organisation.
    public var key: String
    /// The library control it came from, if any.
    public var libraryID: String?
    public var title: String
    public var description: String
    public var type: ControlType
    public var frequency: Frequency
    public var ownerRole: String
    /// The person who answers for it (an email), once assigned.
    public var owner: String?
    public var criteria: [String]
    public var procedures: [TestProcedure]
    public var evidence: [String]
    public var status: ImplementationStatus
    public var retired: Bool
    public var updatedAt: Date

    public init(
        id: UUID, organizationID: UUID, key: String, libraryID: String?, title: String, description: String,
        type: ControlType, frequency: Frequency, ownerRole: String, owner: String?, criteria: [String],
        procedures: [TestProcedure], evidence: [String], status: ImplementationStatus, retired: Bool, updatedAt: Date
    ) {
        self.id = id
        self.organizationID = organizationID
        self.key = key
        self.libraryID = libraryID
        self.title = title
        self.description = description
        self.type = type
        self.frequency = frequency
        self.ownerRole = ownerRole
        self.owner = owner
        self.criteria = criteria
        self.procedures = procedures
        self.evidence = evidence
        self.status = status
        self.retired = retired
        self.updatedAt = updatedAt
    }

    /// Checks what a person may have typed: a key, a title and criteria that exist.
    public static func validate(key: String, title: String, criteria: [String], catalog: Catalog) throws(DomainError) {
        guard key.wholeMatch(of: /[A-Z][A-Z0-9]{0,9}-[0-9A-Z]{1,6}/) != nil else {
            throw .invalid("key", "'\(key.prefix(20))' is not a control reference; use letters, a dash and a number, like ACC-01.")
        }
        guard !title.trimmed.isEmpty, title.count <= 200 else { throw .invalid("title", "needs 1 to 200 characters.") }
        guard !criteria.isEmpty else { throw .invalid("criteria", "a control must address at least one criterion.") }
        for id in criteria where catalog.criterion(id) == nil {
            throw .unprocessable("criteria", "'\(id.prefix(20))' is not a criterion id (like CC6.1).")
        }
    }
}
