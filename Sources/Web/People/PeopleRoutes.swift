import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// The roster and the leavers' reconciliation over the API: read-only, for the client's admins
/// and the auditors (imports are `attest people import` and `attest access import`).
struct PeopleRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/people", use: people)
        org.get("/people/{email}/access", use: timeline)
        org.get("/access/findings", use: findings)
        org.get("/access/listings", use: listings)
    }

    @Sendable func people(_ request: Request, context: AttestContext) async throws -> PeopleList {
        let scope = try await context.organizationScope(in: workflows)
        return PeopleList(people: try await workflows.people.people(in: scope).map(PersonBody.init))
    }

    @Sendable func timeline(_ request: Request, context: AttestContext) async throws -> PersonAccess {
        let scope = try await context.organizationScope(in: workflows)
        let email = try context.parameters.require("email")
        let person = try await workflows.people.person(email, in: scope)
        let entries = try await workflows.people.reconciliation(in: scope).timeline(of: person)
        return PersonAccess(person: PersonBody(person), accounts: entries.map(TimelineBody.init))
    }

    /// `all=true` adds the review items (privileged and dormant accounts) to the exceptions.
    @Sendable func findings(_ request: Request, context: AttestContext) async throws -> FindingList {
        let scope = try await context.organizationScope(in: workflows)
        let all = request.uri.queryParameters.get("all")
        guard all == nil || all == "true" || all == "false" else {
            throw DomainError.invalid("all", "all is true or false, not '\(all!.prefix(20))'.")
        }
        return FindingList(findings: try await workflows.people.findings(in: scope, all: all == "true").map(AccessFindingBody.init))
    }

    @Sendable func listings(_ request: Request, context: AttestContext) async throws -> ListingList {
        let scope = try await context.organizationScope(in: workflows)
        return ListingList(listings: try await workflows.people.latestListings(in: scope).map(AccountListingBody.init))
    }
}
