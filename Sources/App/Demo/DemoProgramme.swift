import ComplianceCore
import Foundation
import Persistence
import UseCases

/// Acme Cloud's programme for the demo: a scoped Type 2 engagement, adopted controls at every stage,
/// published policies with some acknowledgements, planned remediation and a readiness history.
/// Every change is written now, so the demo's log tells the truth about when it was seeded; only the
/// earlier readiness snapshots carry past dates, to draw a trend, and they say so in the demo notes.
enum DemoProgramme {
    /// Acme's six-month Type 2 scope from `start`: the same system every year of the demo.
    static func acmeScope(start: Day) -> EngagementScope {
        EngagementScope(
            reportType: .type2, periodStart: start, periodEnd: start.adding(months: 6).adding(days: -1),
            categories: [.security, .availability, .confidentiality], systemName: "Acme Cloud platform",
            services: "Hosted workflow automation for mid-sized companies, delivered as a web application and API.",
            boundaries:
                "Production AWS accounts (eu-west-2, us-east-1), the web and API services, CI/CD, the identity provider and staff laptops. Marketing site excluded.",
            clouds: [.aws], locations: ["London", "Manchester"], headcount: .upTo200,
            subservices: [
                SubserviceOrganization(name: "Amazon Web Services", service: "Infrastructure hosting", method: .carveOut),
                SubserviceOrganization(name: "Okta", service: "Identity provider", method: .carveOut),
            ])
    }

    static func seed(_ store: Store, scope: TenantScope, today: Day = Day(Date())) async throws {
        // A six-month observation period that ended three weeks ago: fieldwork follows a Type 2's period.
        let start = today.adding(months: -6).adding(days: -20)
        let engagement = try await store.programme.engagements.create(
            name: "SOC 2 Type 2 FY2027",
            scope: acmeScope(start: start),
            in: scope)
        _ = try await store.programme.engagements.invite(auditFirm: "example-assurance", to: engagement.id, in: scope)

        // The request list is under way: owners named, a third provided with evidence linked (the
        // auditor accepts some and returns one in DemoFieldwork, as only the auditor can).
        let evidence = try await store.evidence.list(in: scope)
        for (index, item) in try await store.programme.requestList.requests(of: engagement.id, in: scope).enumerated() {
            let owner =
                ["Governance": "olivia@acme.example", "People": "olivia@acme.example", "Risk": "adam@acme.example"][item.area] ?? "erin@acme.example"
            _ = try await store.programme.requestList.updateRequest(item.id, of: engagement.id, in: scope) { $0.owner = owner }
            if (index % 3 == 0 || index == DemoFieldwork.returnedRequest) && !evidence.isEmpty {
                let linked = evidence.filter { !Set($0.criteria).isDisjoint(with: item.criteria) }.first ?? evidence[index % evidence.count]
                _ = try await store.programme.requestList.act(.provide(evidence: [linked.id]), on: item.number, of: engagement.id, in: scope)
            }
        }

        try await store.programme.controls.adopt(in: scope)
        let owners = [
            "cto": "erin@acme.example", "security_officer": "adam@acme.example", "it_admin": "adam@acme.example",
            "people_ops": "olivia@acme.example", "ceo": "olivia@acme.example", "legal": "olivia@acme.example",
        ]
        // Most controls are working; a realistic tail is still designed or not started.
        let behind: [String: ImplementationStatus] = [
            "RSK-06": .designed, "RSK-07": .notStarted, "VEN-03": .designed, "VEN-04": .notStarted, "ACC-04": .implemented,
            "PHY-04": .notStarted, "NET-02": .designed, "OPS-08": .notStarted, "IR-02": .notStarted, "BCP-02": .designed,
            "BCP-05": .notStarted, "DAT-06": .designed, "CHG-04": .implemented, "HR-04": .designed, "GOV-09": .notStarted,
        ]
        for control in try await store.programme.controls.list(in: scope) {
            let prefix = control.key.split(separator: "-").first.map(String.init) ?? ""
            if ["PI", "PRV"].contains(prefix) {
                _ = try await store.programme.controls.update(control.key, action: "retired", in: scope) { $0.retired = true }
                continue
            }
            let status = behind[control.key] ?? (control.type == .automated ? .operating : .implemented)
            _ = try await store.programme.controls.update(control.key, action: "status_changed", in: scope) { control in
                control.status = status
                control.owner = owners[control.ownerRole]
            }
        }

        // Adam drafts and submits; Olivia, the owner, approves and publishes, so the record names people.
        let adam = try await person("adam@acme.example", role: .admin, store: store, scope: scope)
        let olivia = try await person("olivia@acme.example", role: .owner, store: store, scope: scope)
        let contact = "security@acme.example"
        let published = [
            "information-security", "acceptable-use", "code-of-conduct", "access-control", "change-management",
            "incident-response", "business-continuity", "data-classification", "encryption", "human-resources",
        ]
        let drafts = ["risk-management", "vendor-management"]
        for key in published + drafts {
            let variables = PolicyVariables(company: "Acme Cloud", owner: "Adam Admin", securityContact: contact)
            _ = try await store.programme.policies.adopt(template: key, variables: variables, owner: "Adam Admin", in: adam)
            guard published.contains(key) else { continue }
            _ = try await store.programme.policies.advance(key, to: .inReview, in: adam)
            for status in [PolicyStatus.approved, .published] { _ = try await store.programme.policies.advance(key, to: status, in: olivia) }
        }
        // A second version of the access control policy, published after review.
        let access = try await store.programme.policies.get("access-control", in: scope)
        _ = try await store.programme.policies.edit(
            "access-control",
            body: access.latest.body.replacingOccurrences(
                of: "within one business day", with: "within one business day (same day for administrators)"),
            changeNote: "Same-day removal for administrators, after the Q2 access review.", in: adam)
        _ = try await store.programme.policies.advance("access-control", to: .inReview, in: adam)
        for status in [PolicyStatus.approved, .published] { _ = try await store.programme.policies.advance("access-control", to: status, in: olivia) }
        // Olivia and Adam have acknowledged everything; Erin most; Sam and Vera nothing yet.
        for (email, keys) in [
            ("olivia@acme.example", published), ("adam@acme.example", published), ("erin@acme.example", Array(published.prefix(6))),
        ] {
            guard let user = try await store.users.find(email: try EmailAddress(email)) else { continue }
            let member = TenantScope(organization: scope.organization, standing: .member(.member), actor: .user(user.id))
            for key in keys { _ = try await store.programme.policies.acknowledge(key, userID: user.id, in: member) }
        }

        for (criterion, owner, days, plan) in [
            ("CC4.1", "adam@acme.example", 21, "Book the annual penetration test and start quarterly self-assessments."),
            ("A1.3", "erin@acme.example", 30, "Run the DR exercise and a quarterly restore test; fix the runbook finding."),
            ("CC9.2", "adam@acme.example", 5, "Collect SOC 2 reports from critical vendors and record the reviews."),
        ] {
            _ = try await store.programme.readiness.plan(
                try RemediationItem(criterion: criterion, owner: owner, dueDate: today.adding(days: days), plan: plan),
                for: engagement.id, in: scope)
        }
        // A readiness history: the programme climbed over three months to where it is now.
        let current = try await store.programme.readiness.compute(engagement.id, in: scope)
        for (weeksAgo, factor) in [(12, 0.35), (10, 0.48), (8, 0.6), (6, 0.7), (4, 0.8), (2, 0.92)] {
            let snapshot = ReadinessSnapshot(
                engagementID: engagement.id, takenAt: today.adding(days: -7 * weeksAgo).date.addingTimeInterval(9 * 3600),
                overall: current.overall * factor,
                categories: current.categories.map {
                    CategoryScore(category: $0.category, score: $0.score * factor, ready: Int(Double($0.ready) * factor), applicable: $0.applicable)
                },
                gapCount: current.criteria.count - Int(Double(current.criteria.count - current.gaps.count) * factor))
            try await store.programme.readiness.save(snapshot, in: scope)
        }
        try await store.programme.readiness.recordSnapshot(engagement.id, in: scope)
    }

    /// A demo member acting in their own name.
    private static func person(_ email: String, role: Role, store: Store, scope: TenantScope) async throws -> TenantScope {
        guard let user = try await store.users.find(email: try EmailAddress(email)) else { return scope }
        return TenantScope(organization: scope.organization, standing: .member(role), actor: .user(user.id))
    }
}
