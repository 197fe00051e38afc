import Foundation

/// One numbered version of an engagement's report. Drafts and versions in management review are
/// rebuilt from their stored document; a final version keeps its sealed bytes and never changes.
public struct ReportVersion: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case draft
        case managementReview = "management_review"
        case final
    }

    public struct Comment: Codable, Sendable, Hashable {
        public let by: String
        public let side: String
        public let text: String
        public let at: Date
        public init(by: String, side: String, text: String, at: Date) {
            self.by = by
            self.side = side
            self.text = text
            self.at = at
        }
    }

    public let id: UUID
    public let engagementID: UUID
    public let number: Int
    public var status: Status
    public let document: ReportDocument
    /// The SOC 3 issued with a final SOC 2, from the same work.
    public let soc3: ReportDocument?
    public var comments: [Comment]
    public let createdBy: String
    public let createdAt: Date
    public var issuedBy: String?
    public var issuedAt: Date?
    /// The signed HTML of a final version (and of its SOC 3), exactly as verified.
    public let sealedHTML: String?
    public let sealedSOC3: String?

    public init(
        id: UUID, engagementID: UUID, number: Int, status: Status, document: ReportDocument, soc3: ReportDocument?, comments: [Comment],
        createdBy: String, createdAt: Date, issuedBy: String? = nil, issuedAt: Date? = nil, sealedHTML: String? = nil, sealedSOC3: String? = nil
    ) {
        self.id = id
        self.engagementID = engagementID
        self.number = number
        self.status = status
        self.document = document
        self.soc3 = soc3
        self.comments = comments
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.issuedBy = issuedBy
        self.issuedAt = issuedAt
        self.sealedHTML = sealedHTML
        self.sealedSOC3 = sealedSOC3
    }

    /// A report speaks for twelve months after the period it covers.
    public var validUntil: Day? { document.coverageEnd?.adding(months: 12) }
}

/// Why a final report cannot be issued yet; each reason is a sentence naming what is missing.
public enum IssueCheck {
    /// The populations and samples are the inputs' own (Section IV reads the same ones).
    public static func problems(inputs: ReportBuilder.Inputs, walkthroughs: [Walkthrough], latest: ReportVersion?, today: Day = Day(Date()))
        -> [String]
    {
        var problems = [String]()
        let controls = inputs.controlsInScope
        // A Type 2 opinion speaks for the whole period, so it is signed after the period's last day.
        if inputs.engagement.scope.reportType == .type2, let end = inputs.engagement.scope.periodEnd, end >= today {
            problems.append("The period ends on \(end); a Type 2 report is issued after its period.")
        }
        if inputs.engagement.scope.reportType == .type2 {
            let untested = controls.filter { control in
                let tests = inputs.tests.filter { $0.control == control.key }
                return tests.isEmpty || tests.contains { $0.conclusion == .incomplete }
            }
            if !untested.isEmpty {
                problems.append(
                    "\(untested.count) control\(untested.count == 1 ? " is" : "s are") in scope but not fully tested: \(untested.prefix(12).map(\.key).joined(separator: ", "))\(untested.count > 12 ? ", …" : "")."
                )
            }
        } else {
            let walked = Set(walkthroughs.map(\.control))
            let missing = controls.filter { !walked.contains($0.key) }
            if !missing.isEmpty {
                problems.append(
                    "\(missing.count) control\(missing.count == 1 ? " has" : "s have") no walkthrough for the Type 1 design test: \(missing.prefix(12).map(\.key).joined(separator: ", "))\(missing.count > 12 ? ", …" : "")."
                )
            }
        }
        var unreviewed = [String]()
        unreviewed += walkthroughs.filter { $0.signoffs?.reviewer == nil }.map { "walkthrough of \($0.control)" }
        unreviewed += inputs.populations.filter { $0.signoffs?.reviewer == nil }.map { "population \($0.name) v\($0.version)" }
        unreviewed += inputs.samples.filter { $0.signoffs?.reviewer == nil }.map { "sample for \($0.control)" }
        unreviewed += inputs.tests.filter { $0.signoffs?.reviewer == nil }.map { "test of \($0.control)" }
        if !unreviewed.isEmpty {
            problems.append(
                "\(unreviewed.count) workpaper\(unreviewed.count == 1 ? " has" : "s have") no reviewer sign-off: \(unreviewed.prefix(8).joined(separator: ", "))\(unreviewed.count > 8 ? ", …" : "")."
            )
        }
        if inputs.assertion == nil {
            problems.append("Management has not accepted its assertion (Section II).")
        }
        if latest?.status != .managementReview {
            problems.append("The report has not been through management review: send a draft for review first.")
        }
        return problems
    }
}

/// Management's bridge letter for the gap after a report's period, signed by the organisation.
public struct BridgeLetter: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let engagementID: UUID
    public let reportVersion: Int
    public let through: Day
    public let changes: [String]
    public let signatory: String
    public let position: String
    public let createdBy: String
    public let createdAt: Date
    public let sealedHTML: String

    public init(
        id: UUID, engagementID: UUID, reportVersion: Int, through: Day, changes: [String], signatory: String, position: String,
        createdBy: String, createdAt: Date, sealedHTML: String
    ) {
        self.id = id
        self.engagementID = engagementID
        self.reportVersion = reportVersion
        self.through = through
        self.changes = changes
        self.signatory = signatory
        self.position = position
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.sealedHTML = sealedHTML
    }

    /// What a bridge letter may say, given the engagement's versions: it follows a final report,
    /// starts after that report's period, speaks for no day after today, and lists at most 50
    /// changes of 1 to 2,000 characters. Returns the final version it bridges from and its last day.
    public static func check(versions: [ReportVersion], through: Day, changes: [String], today: Day) throws(DomainError)
        -> (final: ReportVersion, end: Day)
    {
        guard let final = versions.last(where: { $0.status == .final }), let end = final.document.coverageEnd else {
            throw .conflict("no_final_report", "A bridge letter follows a final report; this engagement has none yet.")
        }
        guard through > end else { throw .unprocessable("through", "the letter covers the time after the report's period, which ended \(end).") }
        guard through <= today.adding(days: 1) else { throw .unprocessable("through", "a bridge letter cannot speak for dates after today.") }
        guard changes.count <= 50, changes.allSatisfy({ (1...2000).contains($0.trimmingCharacters(in: .whitespaces).count) }) else {
            throw .invalid("changes", "up to 50 changes of 1 to 2000 characters.")
        }
        return (final, end)
    }
}

/// A firm's replacement for one of the report templates.
public struct ReportTemplateOverride: Codable, Sendable, Hashable {
    public let name: String
    public let text: String
    public let updatedBy: String
    public let updatedAt: Date

    public init(name: String, text: String, updatedBy: String, updatedAt: Date) {
        self.name = name
        self.text = text
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
    }
}
