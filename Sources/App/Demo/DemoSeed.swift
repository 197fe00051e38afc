import ComplianceCore
import EvidenceStore
import Foundation
import Logging
import Persistence
import UseCases

/// The demo world for `serve --demo`: Acme Cloud (the service organisation) and Example Assurance
/// LLP (its audit firm), with people in every role. Seeded once, on the first start.
enum DemoSeed {
    static let password = "correct-horse-demo-2026"

    struct Person {
        let email: String
        let name: String
        let org: String
        let role: Role
    }

    static let people: [Person] = [
        Person(email: "olivia@acme.example", name: "Olivia Owner", org: "acme-cloud", role: .owner),
        Person(email: "adam@acme.example", name: "Adam Admin", org: "acme-cloud", role: .admin),
        Person(email: "erin@acme.example", name: "Erin Engineer", org: "acme-cloud", role: .member),
        Person(email: "sam@acme.example", name: "Sam Sales", org: "acme-cloud", role: .member),
        Person(email: "vera@acme.example", name: "Vera Viewer", org: "acme-cloud", role: .viewer),
        Person(email: "pat@example-assurance.example", name: "Pat Partner", org: "example-assurance", role: .owner),
        Person(email: "alex@example-assurance.example", name: "Alex Auditor", org: "example-assurance", role: .member),
    ]

    /// Seeds when `acme-cloud` does not exist yet; returns the login hint for the sign-in page.
    static func seedIfNeeded(_ store: Store, evidence: EvidenceService, logger: Logger, connectionKey: ConnectionKey = .ephemeral()) async throws
        -> String
    {
        if try await store.organizations.find(slug: "acme-cloud") == nil {
            logger.info("Seeding the demo organisations")
            let actor = Actor.cli("demo")
            _ = try await store.organizations.create(slug: try Slug("acme-cloud"), name: "Acme Cloud", kind: .serviceOrganization, actor: actor)
            _ = try await store.organizations.create(
                slug: try Slug("example-assurance"), name: "Example Assurance LLP", kind: .auditFirm, actor: actor)
            for person in people {
                let email = try EmailAddress(person.email)
                if try await store.users.find(email: email) == nil {
                    _ = try await store.users.create(email: email, name: person.name, password: password)
                }
                let scope = try await store.organizations.operatorScope(slug: person.org, operatorName: "demo")
                _ = try await store.memberships.setRole(person.role, for: email, in: scope, ownerRefusal: nil)
            }
            let acme = try await store.organizations.operatorScope(slug: "acme-cloud", operatorName: "demo")
            for auditor in ["alex@example-assurance.example", "pat@example-assurance.example"] {
                _ = try await store.memberships.grant(
                    auditor: try EmailAddress(auditor), of: try Slug("example-assurance"), until: Date().addingTimeInterval(365 * 86_400), in: acme)
            }
            try await DemoEvidence.seed(evidence, scope: acme)
            try await DemoProgramme.seed(store, scope: acme)
            try await DemoFieldwork.seed(store, evidence: evidence, scope: acme)
            try await DemoReport.seed(store, evidence: evidence, scope: acme)
            let workflows = Workflows(intake: evidence, connectionKey: connectionKey)
            try await DemoMonitoring.seed(workflows, scope: acme)
            let olivia = try await store.users.find(email: try EmailAddress("olivia@acme.example")).map {
                TenantScope(organization: acme.organization, standing: .member(.owner), actor: .user($0.id))
            }
            try await DemoPeople.seed(workflows, scope: acme, reviewer: olivia ?? acme)
            _ = try await evidence.log.head(of: acme.organizationID)
        }
        return "Demo: sign in as olivia@acme.example (owner) or alex@example-assurance.example (auditor), password \(password)."
    }

    static func banner(url: String) -> String {
        var lines = ["", "Attest demo is running at \(url)", "Sign in with any of these (password: \(password)):"]
        for person in people {
            lines.append("  \(person.email.padding(toLength: 34, withPad: " ", startingAt: 0)) \(person.role.rawValue) of \(person.org)")
        }
        lines.append("  (alex@example-assurance.example also reaches acme-cloud as its auditor)")
        lines.append("Press Ctrl-C to stop.")
        return lines.joined(separator: "\n") + "\n"
    }
}
