import Foundation

/// A walkthrough: the auditor follows one instance of a control or process through with the people
/// who run it, and concludes on its design.
public struct Walkthrough: Workpaper, Codable, Sendable, Hashable, Identifiable {
    public enum Design: String, Codable, Sendable, CaseIterable {
        case effective
        case ineffective
    }

    public let id: UUID
    public let engagementID: UUID
    public let control: String
    public let date: Day
    public let participants: [String]
    public let notes: String
    public let evidenceIDs: [UUID]
    public let design: Design
    public let reason: String
    public let preparedBy: String
    public var signoffs: SignOffs?

    enum CodingKeys: String, CodingKey {
        case id, engagementID, control, date, participants, notes, design, reason, preparedBy, signoffs
        case evidenceIDs = "evidence_ids"
    }

    public init(
        id: UUID, engagementID: UUID, control: String, date: Day, participants: [String], notes: String, evidenceIDs: [UUID],
        design: Design, reason: String, preparedBy: String
    ) throws(DomainError) {
        guard !participants.isEmpty else { throw .invalid("participants", "name who took part.") }
        guard !notes.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .invalid("notes", "record what was walked through.") }
        guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 10 else {
            throw .invalid("reason", "give the reason for the design conclusion.")
        }
        self.id = id
        self.engagementID = engagementID
        self.control = control
        self.date = date
        self.participants = participants
        self.notes = notes
        self.evidenceIDs = evidenceIDs
        self.design = design
        self.reason = reason
        self.preparedBy = preparedBy
        self.signoffs = nil
    }
}

/// One attribute checked on one sample item (or one configured path of an automated control).
public struct AttributeResult: Codable, Sendable, Hashable {
    public let item: Int
    public let attribute: String
    public let passed: Bool
    public let note: String
    public let evidenceIDs: [UUID]
    public let by: String
    public let at: Date

    enum CodingKeys: String, CodingKey {
        case item, attribute, passed, note, by, at
        case evidenceIDs = "evidence_ids"
    }
}

/// A deviation found in testing, how the auditor judged it, and what management says about it.
public struct TestException: Codable, Sendable, Hashable, Identifiable {
    public enum Evaluation: String, Codable, Sendable, CaseIterable {
        case withinTolerance = "within_tolerance"
        case sampleExtended = "sample_extended"
        case notEffective = "not_effective"
    }

    public let id: UUID
    public let description: String
    public let cause: String
    /// Deviations over the sample.
    public let count: Int
    public var evaluation: Evaluation
    public var managementResponse: String?
    public var respondedBy: String?
    public var respondedAt: Date?

    public init(
        id: UUID, description: String, cause: String, count: Int, evaluation: Evaluation,
        managementResponse: String? = nil, respondedBy: String? = nil, respondedAt: Date? = nil
    ) {
        self.id = id
        self.description = description
        self.cause = cause
        self.count = count
        self.evaluation = evaluation
        self.managementResponse = managementResponse
        self.respondedBy = respondedBy
        self.respondedAt = respondedAt
    }
}

/// What testing concluded about one control's operation.
public enum ControlConclusion: String, Codable, Sendable {
    case effective
    case effectiveWithExceptions = "effective_with_exceptions"
    case notEffective = "not_effective"
    /// Items or attributes are still untested.
    case incomplete
}

/// The test of one control: the plan (procedures and attributes), results per item, exceptions.
public struct ControlTest: Workpaper, Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let engagementID: UUID
    public let control: String
    public let sampleID: UUID?
    /// Items to test: the sample's rows, or 1…paths for an automated control tested once per path.
    public let items: [Int]
    public let procedures: [TestMethod]
    public let attributes: [String]
    public var results: [AttributeResult]
    public var exceptions: [TestException]
    public var signoffs: SignOffs?
    public let preparedBy: String
    /// When the auditor released the results to the client (after review); nil while in progress.
    public var releasedAt: Date?

    /// What the client sees before release: the plan and the exceptions (to answer them), no results.
    public var unreleasedView: ControlTest {
        var copy = self
        copy.results = []
        return copy
    }

    public init(
        id: UUID, engagementID: UUID, control: String, sampleID: UUID?, items: [Int], procedures: [TestMethod], attributes: [String],
        preparedBy: String
    ) throws(DomainError) {
        guard !items.isEmpty else { throw .unprocessable("items", "a test needs at least one item (a sample, or paths for an automated control).") }
        guard !procedures.isEmpty else { throw .invalid("procedures", "choose at least one procedure.") }
        guard procedures != [.inquiry] else {
            throw .unprocessable("procedures", "inquiry alone is never enough (AT-C 205); add observation, inspection or reperformance.")
        }
        let names = attributes.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard !names.isEmpty, !names.contains("") else {
            throw .invalid("attributes", "list the attributes to check (for example: approved before merge).")
        }
        guard Set(names).count == names.count else {
            throw .unprocessable("attributes", "list the attributes to check, each once (for example: approved before merge).")
        }
        self.id = id
        self.engagementID = engagementID
        self.control = control
        self.sampleID = sampleID
        self.items = items
        self.procedures = procedures
        self.attributes = names
        self.results = []
        self.exceptions = []
        self.signoffs = nil
        self.preparedBy = preparedBy
    }

    public var evidenceIDs: [UUID] { Array(Set(results.flatMap(\.evidenceIDs))) }

    /// Records one attribute on one item (a later record for the same pair replaces it).
    public mutating func record(item: Int, attribute: String, passed: Bool, note: String, evidenceIDs: [UUID], by: String, at: Date)
        throws(DomainError)
    {
        try requireUnsigned()
        guard items.contains(item) else { throw .unprocessable("item", "\(item) is not one of this test's items.") }
        guard attributes.contains(attribute) else {
            throw .unprocessable("attribute", "'\(attribute.prefix(60))' is not in the test plan (\(attributes.joined(separator: ", "))).")
        }
        if !passed && note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .unprocessable("note", "say what was wrong when an attribute fails.")
        }
        results.removeAll { $0.item == item && $0.attribute == attribute }
        results.append(AttributeResult(item: item, attribute: attribute, passed: passed, note: note, evidenceIDs: evidenceIDs, by: by, at: at))
        results.sort { ($0.item, $0.attribute) < ($1.item, $1.attribute) }
    }

    public var failures: Int { Set(results.filter { !$0.passed }.map(\.item)).count }

    public var conclusion: ControlConclusion {
        if exceptions.contains(where: { $0.evaluation == .notEffective }) { return .notEffective }
        guard results.count == items.count * attributes.count else { return .incomplete }
        if failures > 0 && exceptions.isEmpty { return .incomplete }
        return exceptions.isEmpty ? .effective : .effectiveWithExceptions
    }
}

/// Whether a criterion is met, from the tests of the controls that address it.
public struct CriterionConclusion: Codable, Sendable, Hashable {
    public enum Result: String, Codable, Sendable {
        case met
        case metWithExceptions = "met_with_exceptions"
        case notMet = "not_met"
        case notTested = "not_tested"
    }

    /// One control's conclusion (an array, not a dictionary: JSON key conversion would mangle ids).
    public struct ControlResult: Codable, Sendable, Hashable {
        public let control: String
        public let conclusion: ControlConclusion

        public init(control: String, conclusion: ControlConclusion) {
            self.control = control
            self.conclusion = conclusion
        }
    }

    public let criterion: String
    public let result: Result
    public let controls: [ControlResult]

    public init(criterion: String, result: Result, controls: [ControlResult]) {
        self.criterion = criterion
        self.result = result
        self.controls = controls
    }

    /// Met when every tested control is effective; not met when none is effective; otherwise met
    /// with exceptions (an effective control may compensate). Untested while any test is incomplete.
    public static func conclude(criteria: [String], controls: [ProgrammeControl], tests: [ControlTest]) -> [CriterionConclusion] {
        criteria.map { criterion in
            var byControl: [String: ControlConclusion] = [:]
            for control in controls where !control.retired && control.criteria.contains(criterion) {
                let own = tests.filter { $0.control == control.key }
                guard !own.isEmpty else { continue }
                let conclusions = own.map(\.conclusion)
                byControl[control.key] =
                    conclusions.contains(.notEffective)
                    ? .notEffective
                    : conclusions.contains(.incomplete)
                        ? .incomplete
                        : conclusions.contains(.effectiveWithExceptions) ? .effectiveWithExceptions : .effective
            }
            let values = Array(byControl.values)
            let result: Result
            if values.isEmpty || values.contains(.incomplete) {
                result = .notTested
            } else if values.allSatisfy({ $0 == .effective }) {
                result = .met
            } else if values.allSatisfy({ $0 == .notEffective }) {
                result = .notMet
            } else {
                result = .metWithExceptions
            }
            return CriterionConclusion(
                criterion: criterion, result: result,
                controls: byControl.keys.sorted().map { ControlResult(control: $0, conclusion: byControl[$0]!) })
        }
    }
}
