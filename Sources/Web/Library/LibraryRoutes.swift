import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// The shipped control library and policy templates.
struct LibraryRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let api = router.group("/api/v1")
        api.get("/library/controls", use: libraryControls)
        api.get("/library/policies", use: libraryPolicies)
    }

    @Sendable func libraryControls(_ request: Request, context: AttestContext) async throws -> LibraryControls {
        _ = try context.requireIdentity()
        var list = content.library.controls
        if let criterion = request.uri.queryParameters.get("criterion") {
            list = list.filter { $0.criteria.contains(String(criterion)) }
        }
        return LibraryControls(library: LibraryInfo(id: content.library.id, version: content.library.version), count: list.count, controls: list)
    }

    @Sendable func libraryPolicies(_ request: Request, context: AttestContext) async throws -> LibraryPolicies {
        _ = try context.requireIdentity()
        return LibraryPolicies(count: content.policies.count, policies: content.policies, variables: PolicyVariables.names)
    }
}
