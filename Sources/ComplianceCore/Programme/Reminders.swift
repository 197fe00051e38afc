import Foundation

/// Something in the programme that needs a person soon: a policy review, a remediation or a request
/// past or near its date.
public struct Reminder: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case policyReview = "policy_review", remediation, request }

    public let kind: Kind
    public let subject: String
    public let due: Day
    public let overdue: Bool
    /// The path inside the organisation (`policies/access-control`), for links.
    public let path: String

    /// Policy reviews due within `horizon` days, remediation plans due within a week, and open
    /// requests past their due date; overdue first, then by date.
    public static func due(policies: [Policy], remediation: [RemediationItem], requests: [RequestItem], today: Day, horizon: Int = 30) -> [Reminder] {
        var out: [Reminder] = []
        for policy in policies {
            guard let due = policy.reviewDue, today.days(until: due) <= horizon else { continue }
            out.append(Reminder(kind: .policyReview, subject: "Review the \(policy.title)", due: due, overdue: due < today, path: "policies/\(policy.key)"))
        }
        for item in remediation where today.days(until: item.dueDate) <= 7 {
            out.append(Reminder(kind: .remediation, subject: "\(item.criterion): \(item.plan) (\(item.owner))", due: item.dueDate,
                                overdue: item.dueDate < today, path: "readiness#gap-\(item.criterion)"))
        }
        let late = requests.filter { ($0.status == .open || $0.status == .returned) && ($0.dueDate.map { $0 < today } ?? false) }
        if let first = late.compactMap(\.dueDate).min() {
            out.append(Reminder(kind: .request, subject: "\(late.count) requests past their due date", due: first, overdue: true, path: "programme"))
        }
        return out.sorted { ($0.overdue ? 0 : 1, $0.due) < ($1.overdue ? 0 : 1, $1.due) }
    }
}
