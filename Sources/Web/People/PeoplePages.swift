import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// People and access in the browser: the reconciliation, the systems and the roster; one person's
/// accounts against their last day.
struct PeoplePages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/people", use: people)
        router.get("/orgs/{org}/people/{email}", use: person)
    }

    @Sendable func people(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let now = Date()
        let reconciliation = try await workflows.people.reconciliation(in: scope)
        let model = PeoplePage.Model(
            organization: scope.organization, people: reconciliation.people, findings: reconciliation.findings(asOf: now),
            listings: reconciliation.listings, today: Day(now))
        return try await HTMLPage(PeoplePage.render(model, shell: support.shell(identity, current: scope, active: "people"))).response()
    }

    @Sendable func person(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let person = try await workflows.people.person(try context.parameters.require("email"), in: scope)
        let accounts = try await workflows.people.reconciliation(in: scope).timeline(of: person)
        let model = PersonAccessPage.Model(organization: scope.organization, person: person, accounts: accounts)
        return try await HTMLPage(PersonAccessPage.render(model, shell: support.shell(identity, current: scope, active: "people"))).response()
    }
}
