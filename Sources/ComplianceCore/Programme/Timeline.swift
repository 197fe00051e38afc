import Foundation

/// The steps from "we need a SOC 2" to the final report, dated from the scope.
public struct Timeline: Codable, Sendable, Hashable {
    public enum PhaseKind: String, Codable, Sendable, CaseIterable {
        case readiness, evidence, observation, fieldwork
        case draftReport = "draft_report"
        case finalReport = "final_report"

        public var displayName: String {
            switch self {
            case .readiness: "Readiness assessment"
            case .evidence: "Evidence collection"
            case .observation: "Observation period"
            case .fieldwork: "Fieldwork"
            case .draftReport: "Draft report"
            case .finalReport: "Final report"
            }
        }
    }

    public struct Phase: Codable, Sendable, Hashable {
        public let kind: PhaseKind
        public let start: Day
        public let end: Day
    }

    public let phases: [Phase]

    public func phase(_ kind: PhaseKind) -> Phase? { phases.first { $0.kind == kind } }

    public var start: Day { phases.map(\.start).min()! }
    public var end: Day { phases.map(\.end).max()! }

    /// Plans the phases backwards and forwards from the report date. Readiness takes 4 to 8 weeks by
    /// size; fieldwork 2 to 4 weeks; the draft follows fieldwork by about 3 weeks; the final report
    /// comes about 2 weeks after management approves the draft (allowed one week).
    public static func plan(for scope: EngagementScope, startingOn today: Day?) -> Timeline {
        let weeks: (readiness: Int, fieldwork: Int) =
            switch scope.headcount {
            case .upTo50: (4, 2)
            case .upTo200: (6, 3)
            case .upTo1000, .over1000: (8, 4)
            }
        var phases: [Phase] = []
        let evidenceStart: Day
        let fieldworkStart: Day
        switch scope.reportType {
        case .type1:
            let asOf = scope.reportDate
            evidenceStart = asOf.adding(days: -28)
            fieldworkStart = asOf.adding(days: 7)
            phases.append(Phase(kind: .evidence, start: evidenceStart, end: asOf))
        case .type2:
            let start = scope.periodStart ?? scope.reportDate
            let end = scope.reportDate
            evidenceStart = start
            fieldworkStart = end.adding(days: 7)
            phases.append(Phase(kind: .evidence, start: start, end: end))
            phases.append(Phase(kind: .observation, start: start, end: end))
        }
        let readinessEnd = evidenceStart.adding(days: -1)
        let readinessStart = min(today ?? readinessEnd, readinessEnd.adding(days: -7 * weeks.readiness + 1))
        phases.insert(Phase(kind: .readiness, start: readinessStart, end: readinessEnd), at: 0)
        let fieldworkEnd = fieldworkStart.adding(days: 7 * weeks.fieldwork - 1)
        phases.append(Phase(kind: .fieldwork, start: fieldworkStart, end: fieldworkEnd))
        let draft = fieldworkEnd.adding(days: 21)
        phases.append(Phase(kind: .draftReport, start: fieldworkEnd.adding(days: 1), end: draft))
        let final = draft.adding(days: 7 + 14)
        phases.append(Phase(kind: .finalReport, start: draft.adding(days: 1), end: final))
        return Timeline(phases: phases)
    }
}

/// An indicative fee band for the audit, labelled as an estimate wherever it is shown.
public struct CostEstimate: Codable, Sendable, Hashable {
    public let currency: String
    public let low: Int
    public let high: Int
    public let basis: [String]
    public let label: String

    /// The common market band runs from about 20,000 to 120,000 (GBP; scaled for USD and EUR).
    /// Size moves the band most; each extra category, cloud, location, Type 2 and ISAE 3000 add to it.
    public static func estimate(for scope: EngagementScope) -> CostEstimate {
        let (floor, ceiling): (Double, Double) =
            switch scope.currency {
            case "USD": (25_000, 150_000)
            case "EUR": (23_000, 140_000)
            default: (20_000, 120_000)
            }
        var factor = 0.0
        var basis: [String] = []
        let sizeFactor: Double =
            switch scope.headcount {
            case .upTo50: 0
            case .upTo200: 0.2
            case .upTo1000: 0.4
            case .over1000: 0.6
            }
        factor += sizeFactor
        basis.append("headcount \(scope.headcount.rawValue)")
        let extraCategories = scope.categories.filter { $0 != .security }.count
        factor += 0.06 * Double(extraCategories)
        if extraCategories > 0 { basis.append("\(extraCategories) categories beyond security") }
        if scope.reportType == .type2 {
            factor += 0.12
            basis.append("Type 2 over \(scope.periodMonths) months")
        }
        if scope.clouds.count > 1 {
            factor += 0.04 * Double(scope.clouds.count - 1)
            basis.append("\(scope.clouds.count) hosting providers")
        }
        if scope.locations.count > 1 {
            factor += min(0.1, 0.02 * Double(scope.locations.count - 1))
            basis.append("\(scope.locations.count) locations")
        }
        if scope.standards.contains(.isae3000) {
            factor += 0.05
            basis.append("ISAE 3000 wording in addition")
        }
        if scope.subservices.contains(where: { $0.method == .inclusive }) {
            factor += 0.08
            basis.append("inclusive subservice organisation")
        }
        factor = min(factor, 1)
        let span = ceiling - floor
        let low = floor + span * factor * 0.7
        let high = min(ceiling, low + span * 0.3 + floor * 0.25)
        return CostEstimate(
            currency: scope.currency, low: Int((low / 1000).rounded() * 1000), high: Int((high / 1000).rounded() * 1000),
            basis: basis, label: "Indicative estimate only, not a quote: audit fees vary by firm and scope."
        )
    }
}
