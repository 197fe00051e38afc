import Foundation

/// Something in the programme that needs a person soon: a policy review, a remediation or a request
/// past or near its date.
public struct Reminder: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        case policyReview = "policy_review"
        case remediation, request
        case reportExpiry = "report_expiry"
    }

    public let kind: Kind
    public let subject: String
    public let due: Day
    public let overdue: Bool
    /// The path inside the organisation (`policies/access-control`), for links.
    public let path: String

    /// A final report and the last day it is valid (12 months after its period).
    public struct IssuedReport: Sendable {
        public let engagement: Engagement
        public let validUntil: Day
        public init(engagement: Engagement, validUntil: Day) {
            self.engagement = engagement
            self.validUntil = validUntil
        }
    }

    /// Policy reviews due within `horizon` days, remediation plans due within a week, open
    /// requests past their due date, and final reports within 60 days of expiry (unless a later
    /// engagement exists); overdue first, then by date.
    public static func due(
        policies: [Policy], remediation: [RemediationItem], requests: [RequestItem], reports: [IssuedReport] = [], today: Day,
        horizon: Int = 30
    ) -> [Reminder] {
        var out: [Reminder] = []
        for report in reports where today.days(until: report.validUntil) <= 60 {
            out.append(
                Reminder(
                    kind: .reportExpiry, subject: "The \(report.engagement.name) report expires: start next year's engagement",
                    due: report.validUntil,
                    overdue: report.validUntil < today, path: "report?engagement=\(report.engagement.id.uuidString.lowercased())"))
        }
        for policy in policies {
            guard let due = policy.reviewDue, today.days(until: due) <= horizon else { continue }
            out.append(
                Reminder(kind: .policyReview, subject: "Review the \(policy.title)", due: due, overdue: due < today, path: "policies/\(policy.key)"))
        }
        for item in remediation where today.days(until: item.dueDate) <= 7 {
            out.append(
                Reminder(
                    kind: .remediation, subject: "\(item.criterion): \(item.plan) (\(item.owner))", due: item.dueDate,
                    overdue: item.dueDate < today, path: "readiness#gap-\(item.criterion)"))
        }
        let late = requests.filter { ($0.status == .open || $0.status == .returned) && ($0.dueDate.map { $0 < today } ?? false) }
        if let first = late.compactMap(\.dueDate).min() {
            out.append(Reminder(kind: .request, subject: "\(late.count) requests past their due date", due: first, overdue: true, path: "programme"))
        }
        return out.sorted { ($0.overdue ? 0 : 1, $0.due) < ($1.overdue ? 0 : 1, $1.due) }
    }
}
