import ComplianceCore
import Foundation
import Plot

/// The policy set: status, versions and review dates; adopting templates.
public enum PoliciesPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let policies: [Policy]
        public let templates: [PolicyTemplate]
        public let outstanding: Int
        public let today: Day
        public let canManage: Bool
        public let csrf: String
        public let error: String?
        /// Separation of duties: the small-team rule when one is recorded, and whether the viewer may change it.
        public var selfApproval: PolicySettings.SelfApproval?
        public var canApprove = false
        public var message: String?

        public init(
            organization: Organization, policies: [Policy], templates: [PolicyTemplate], outstanding: Int, today: Day, canManage: Bool, csrf: String,
            error: String? = nil
        ) {
            self.organization = organization
            self.policies = policies
            self.templates = templates
            self.outstanding = outstanding
            self.today = today
            self.canManage = canManage
            self.csrf = csrf
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let base = "/orgs/\(model.organization.slug)/policies"
        let adopted = Set(model.policies.map(\.key))
        let available = model.templates.filter { !adopted.contains($0.id) }
        let dueSoon = Reminder.due(policies: model.policies, remediation: [], requests: [], today: model.today)
        return Shell.page(shell, title: "Policies") {
            H1("Policies")
            Markup.flash(model.message)
            Markup.flash(model.error, kind: "error")
            Paragraph {
                Link("My policies to read", url: "/orgs/\(model.organization.slug)/my-policies")
                Text(" · ")
                Link("Acknowledgement report (\(model.outstanding) outstanding)", url: "/orgs/\(model.organization.slug)/acknowledgements")
            }
            separationOfDuties(model, base: base)
            if !dueSoon.isEmpty {
                Markup.flash(
                    "Coming due: " + dueSoon.map { "\($0.subject) \($0.overdue ? "(overdue since" : "(by") \($0.due))" }.joined(separator: "; "),
                    kind: "error")
            }
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for h in ["Policy", "Latest", "Published", "Owner", "Next review", "Criteria"] { Markup.tag("th") { Text(h) } }
                    }
                }
                Markup.tag("tbody") {
                    for policy in model.policies {
                        Markup.tag("tr") {
                            Markup.tag("td") { Link(policy.title, url: "\(base)/\(policy.key)") }
                            Markup.tag("td") { Text("v\(policy.latest.number) \(policy.latest.status.displayName)") }
                            Markup.tag("td") { Text(policy.published.map { "v\($0.number)" } ?? "—") }
                            Markup.tag("td") { Text(policy.owner) }
                            Markup.tag("td") { Text(policy.reviewDue.map { $0 <= model.today ? "\($0) (overdue)" : $0.description } ?? "—") }
                            Markup.tag("td") { Text(policy.criteria.joined(separator: " ")) }
                        }
                    }
                }
            }
            if model.canManage && !available.isEmpty {
                Markup.tag("form", ["method": "post", "action": base, "class": "card stack"]) {
                    H2("Adopt a policy template")
                    Markup.csrf(model.csrf)
                    Markup.select("Template", name: "template", options: available.map { ($0.id, $0.title) }, selected: available.first?.id)
                    Markup.field("Owner", name: "owner", required: true, hint: "The person or role who maintains the policy.")
                    Markup.field("Security contact", name: "security_contact", value: "security@\(model.organization.slug.rawValue).example")
                    Button("Adopt as a draft").attribute(named: "type", value: "submit").class("primary")
                }
            }
        }
    }
}

/// One policy: its text, versions, lifecycle actions, edit form and documents.
extension PoliciesPage {
    /// Who approves: never a version's author, unless the organisation recorded why it must allow it.
    static func separationOfDuties(_ model: Model, base: String) -> any Component {
        Markup.tag("details", ["class": "card", "id": "separation-of-duties"]) {
            Markup.tag("summary") {
                Text(
                    model.selfApproval.map { "Separation of duties: authors may approve their own policies (\($0.allowedBy), \(Day($0.allowedAt)))" }
                        ?? "Separation of duties: a policy is approved by someone other than its author")
            }
            if let rule = model.selfApproval { Paragraph("Reason on record: \(rule.reason)").class("hint") }
            if model.canApprove {
                Markup.tag("form", ["method": "post", "action": "\(base)/self-approval", "class": "stack"]) {
                    Markup.csrf(model.csrf)
                    if model.selfApproval == nil {
                        Markup.void("input", [("type", "hidden"), ("name", "allowed"), ("value", "yes")])
                        Markup.field(
                            "Why one person may write and approve a policy", name: "reason", required: true,
                            hint: "For example: 'Two-person company until the first security hire; the board reviews policies yearly.' It is logged.")
                        Button("Allow authors to approve").attribute(named: "type", value: "submit").class("secondary")
                    } else {
                        Markup.void("input", [("type", "hidden"), ("name", "allowed"), ("value", "no")])
                        Button("Require a second person again").attribute(named: "type", value: "submit").class("secondary")
                    }
                }
            }
        }
    }
}

public enum PolicyPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let policy: Policy
        public let shown: PolicyVersion
        public let bodyHTML: String
        public let canManage: Bool
        public let canApprove: Bool
        public let csrf: String
        public let error: String?

        public init(
            organization: Organization, policy: Policy, shown: PolicyVersion, bodyHTML: String, canManage: Bool, canApprove: Bool, csrf: String,
            error: String? = nil
        ) {
            self.organization = organization
            self.policy = policy
            self.shown = shown
            self.bodyHTML = bodyHTML
            self.canManage = canManage
            self.canApprove = canApprove
            self.csrf = csrf
            self.error = error
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let policy = model.policy
        let shown = model.shown
        let base = "/orgs/\(model.organization.slug)/policies/\(policy.key)"
        let latest = policy.latest
        return Shell.page(shell, title: policy.title) {
            H1(policy.title)
            Paragraph(
                "Version \(shown.number) · \(shown.status.displayName) · owner \(policy.owner)\(shown.approver.map { " · approved by \($0)\(shown.selfApproval == nil ? "" : ", its author, under the small-team rule")" } ?? "")\(policy.reviewDue.map { " · next review \($0)" } ?? "")"
            ).class("lede")
            Markup.flash(model.error, kind: "error")
            Paragraph {
                Link("HTML", url: "\(base)/document?version=\(shown.number)&format=html")
                Text(" · ")
                Link("PDF", url: "\(base)/document?version=\(shown.number)&format=pdf")
                if shown.number > 1 {
                    Text(" · ")
                    Link("Changes from v\(shown.number - 1)", url: "\(base)/diff?from=\(shown.number - 1)&to=\(shown.number)")
                }
            }
            if let next = latest.status.next, (next == .inReview && model.canManage) || (next != .inReview && model.canApprove) {
                let label =
                    switch next {
                    case .inReview: "Submit v\(latest.number) for review"
                    case .approved: "Approve v\(latest.number)"
                    default: "Publish v\(latest.number) to staff"
                    }
                Markup.actionButton(label, action: "\(base)/transition", csrf: model.csrf, style: "primary", fields: [("status", next.rawValue)])
            }
            Markup.tag("article", ["class": "policy card"]) { Node<Any>.raw(model.bodyHTML) }
            H2("Versions")
            Markup.tag("table", ["class": "list"]) {
                for version in policy.versions.reversed() {
                    Markup.tag("tr") {
                        Markup.tag("td") { Link("v\(version.number)", url: "\(base)?version=\(version.number)") }
                        Markup.tag("td") { Text(version.status.displayName) }
                        Markup.tag("td") { Text(version.changeNote) }
                        Markup.tag("td") { Text(version.author) }
                        Markup.tag("td") {
                            Text(
                                version.publishedAt.map { "published \(Day($0))" } ?? version.approvedAt.map { "approved \(Day($0))" }
                                    ?? "created \(Day(version.createdAt))")
                        }
                    }
                }
            }
            if model.canManage {
                Markup.tag("form", ["method": "post", "action": "\(base)/edit", "class": "card stack"]) {
                    H2(
                        latest.status == .draft || latest.status == .inReview
                            ? "Edit draft v\(latest.number)" : "Start v\(latest.number + 1) (v\(latest.number) stays as it is)")
                    Markup.csrf(model.csrf)
                    Label("Text (Markdown)") {
                        Markup.tag("textarea", ["name": "body", "rows": "22", "required": "required"]) { Text(latest.body) }
                    }
                    Markup.field("Change note", name: "change_note", required: true, hint: "What changed and why; the auditor reads this.")
                    Button("Save").attribute(named: "type", value: "submit").class("secondary")
                }
            }
        }
    }
}

/// Lines added and removed between two versions.
public enum PolicyDiffPage {
    public static func render(organization: Organization, policy: Policy, from: Int, to: Int, lines: [LineDiff.Line], shell: Shell.Model) -> String {
        Shell.page(shell, title: "\(policy.title): v\(from) to v\(to)") {
            H1("\(policy.title): v\(from) → v\(to)")
            Paragraph { Link("Back to the policy", url: "/orgs/\(organization.slug)/policies/\(policy.key)") }
            Markup.tag("pre", ["class": "diff"]) {
                for line in lines {
                    switch line {
                    case .same(let text): Markup.tag("span", ["class": "same"]) { Text("  " + text + "\n") }
                    case .added(let text): Markup.tag("ins") { Text("+ " + text + "\n") }
                    case .removed(let text): Markup.tag("del") { Text("- " + text + "\n") }
                    }
                }
            }
        }
    }
}

/// An employee's page: each published policy, whether they have acknowledged its current version.
public enum MyPoliciesPage {
    public struct Row: Sendable {
        public let key: String
        public let title: String
        public let version: Int
        public let acknowledgedAt: Date?
        public init(key: String, title: String, version: Int, acknowledgedAt: Date?) {
            self.key = key
            self.title = title
            self.version = version
            self.acknowledgedAt = acknowledgedAt
        }
    }

    public static func render(organization: Organization, rows: [Row], canAcknowledge: Bool, csrf: String, shell: Shell.Model) -> String {
        let todo = rows.filter { $0.acknowledgedAt == nil }
        return Shell.page(shell, title: "My policies") {
            H1("Policies to read and acknowledge")
            Paragraph(
                todo.isEmpty
                    ? "You have acknowledged the current version of every published policy."
                    : "\(todo.count) of \(rows.count) published policies are waiting for you."
            ).class("lede")
            Markup.tag("table", ["class": "list"]) {
                for row in rows {
                    Markup.tag("tr") {
                        Markup.tag("td") { Link(row.title, url: "/orgs/\(organization.slug)/policies/\(row.key)?version=\(row.version)") }
                        Markup.tag("td") { Text("v\(row.version)") }
                        Markup.tag("td") {
                            if let at = row.acknowledgedAt {
                                Text("Acknowledged ")
                                Markup.time(at)
                            } else if canAcknowledge {
                                Markup.actionButton(
                                    "I have read and will follow v\(row.version)",
                                    action: "/orgs/\(organization.slug)/policies/\(row.key)/acknowledge", csrf: csrf, style: "primary")
                            } else {
                                Text("Not acknowledged")
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Who has not acknowledged what.
public enum AcknowledgementsPage {
    public struct Person: Sendable {
        public let email: String
        public let name: String
        public let acknowledged: Int
        public let missing: [String]
        public init(email: String, name: String, acknowledged: Int, missing: [String]) {
            self.email = email
            self.name = name
            self.acknowledged = acknowledged
            self.missing = missing
        }
    }

    public static func render(organization: Organization, people: [Person], shell: Shell.Model) -> String {
        let outstanding = people.filter { !$0.missing.isEmpty }
        return Shell.page(shell, title: "Acknowledgements") {
            H1("Policy acknowledgements")
            Paragraph("\(people.count - outstanding.count) of \(people.count) people have acknowledged every published policy.").class("lede")
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Person", "Acknowledged", "Still to acknowledge"] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for person in people {
                        Markup.tag("tr", person.missing.isEmpty ? [:] : ["class": "attention"]) {
                            Markup.tag("td") { Text("\(person.name) <\(person.email)>") }
                            Markup.tag("td") { Text("\(person.acknowledged)") }
                            Markup.tag("td") { Text(person.missing.isEmpty ? "—" : person.missing.joined(separator: ", ")) }
                        }
                    }
                }
            }
        }
    }
}
