import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// What outsiders verify with: every organisation's published signing keys (no sign-in), and its
/// log's latest checkpoint in the C2SP format (for those who may read the log).
struct KeyRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/.well-known/attest/keys/{org}", use: keys)
        router.get("/api/v1/orgs/{org}/log/checkpoint", use: checkpoint)
    }

    @Sendable func keys(_ request: Request, context: AttestContext) async throws -> Response {
        let slug = try context.parameters.require("org")
        let list = try await workflows.keys.published(slug: slug)
        var response = Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try CanonicalJSON.readableEncoder.encode(list))))
        // Public and the same for everyone; a short cache lets a rotation show within minutes.
        response.headers[.cacheControl] = "public, max-age=300"
        response.headers[.init("Access-Control-Allow-Origin")!] = "*"
        return response
    }

    @Sendable func checkpoint(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let note = try await workflows.keys.checkpoint(in: scope)
        return Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: note)))
    }
}
