import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TestSupport

/// A local server that answers as GitHub's REST API documents it, for one organisation `acme`:
/// 250 members over three pages linked by `Link` headers (two without 2FA, three owners), an
/// outside collaborator, five repositories (one archived) with and without branch protection, and
/// Dependabot alerts. It refuses a wrong token with 401, and can answer the first members call with
/// the hourly rate limit, refuse Dependabot with 403, or loop its member pages.
struct FakeGitHub: Sendable {
    var token = "ghp_testtoken"
    var rateLimitOnce = false
    var dependabotRefused = false
    var loopingPages = false
    var foreignNextPage = false

    final class State: @unchecked Sendable {
        let lock = NSLock()
        var limited = false
        var calls = 0
    }

    static let members = (0..<250).map { String(format: "dev-%03d", $0) }
    static let owners = ["dev-000", "dev-001", "dev-002"]
    static let withoutTwoFactor = ["dev-007", "dev-123"]

    func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        let state = State()
        let router = Router()
        let config = self
        router.get("/orgs/{org}") { request, context in
            try config.answer(request, context, state) { _ in (200, #"{"login":"acme","id":1}"#, nil) }
        }
        router.get("/orgs/{org}/members") { request, context in
            try config.answer(request, context, state) { url in
                let query = request.uri.queryParameters
                if query.get("role") == "admin" { return (200, Self.logins(Self.owners), nil) }
                if query.get("filter") == "2fa_disabled" { return (200, Self.logins(Self.withoutTwoFactor), nil) }
                if config.rateLimitOnce {
                    let first = state.lock.withLock { () -> Bool in
                        defer { state.limited = true }
                        return !state.limited
                    }
                    if first {
                        return (
                            403, #"{"message":"API rate limit exceeded"}"#,
                            ["x-ratelimit-remaining": "0", "x-ratelimit-reset": String(Int(Date().timeIntervalSince1970) + 1)]
                        )
                    }
                }
                let page = Int(query.get("page") ?? "1") ?? 1
                let slice = Array(Self.members.dropFirst((page - 1) * 100).prefix(100))
                var link: [String: String] = [:]
                if page < 3 || config.loopingPages {
                    let host = config.foreignNextPage ? "http://example.invalid" : url
                    link["link"] =
                        "<\(host)/orgs/acme/members?per_page=100&page=\(config.loopingPages ? 2 : page + 1)>; rel=\"next\", <\(url)/orgs/acme/members?per_page=100&page=3>; rel=\"last\""
                }
                return (200, Self.logins(slice), link)
            }
        }
        router.get("/orgs/{org}/outside_collaborators") { request, context in
            try config.answer(request, context, state) { _ in (200, Self.logins(["contractor-jo"]), nil) }
        }
        router.get("/orgs/{org}/repos") { request, context in
            try config.answer(request, context, state) { _ in
                let repos =
                    ["api", "web", "infra", "docs"].map {
                        #"{"name":"\#($0)","default_branch":"main","archived":false,"html_url":"https://github.com/acme/\#($0)"}"#
                    }
                    + [#"{"name":"old","default_branch":"master","archived":true}"#]
                return (200, "[" + repos.joined(separator: ",") + "]", nil)
            }
        }
        router.get("/repos/{owner}/{repo}/branches/{branch}/protection") { request, context in
            try config.answer(request, context, state) { _ in
                switch context.parameters.get("repo") ?? "" {
                case "api":
                    (200, #"{"required_pull_request_reviews":{"required_approving_review_count":2},"allow_force_pushes":{"enabled":false}}"#, nil)
                case "web":
                    (200, #"{"required_pull_request_reviews":{"required_approving_review_count":0},"allow_force_pushes":{"enabled":true}}"#, nil)
                case "infra":
                    (200, #"{"required_pull_request_reviews":{"required_approving_review_count":1},"allow_force_pushes":{"enabled":false}}"#, nil)
                default: (404, #"{"message":"Branch not protected"}"#, nil)
                }
            }
        }
        router.get("/repos/{owner}/{repo}/dependabot/alerts") { request, context in
            try config.answer(request, context, state) { _ in
                if config.dependabotRefused { return (403, #"{"message":"Resource not accessible by integration"}"#, nil) }
                return (200, context.parameters.get("repo") == "web" ? #"[{"number":1},{"number":2}]"# : "[]", nil)
            }
        }
        try await LoopbackServer.run(router) { url in try await body(url) }
    }

    static func logins(_ logins: [String]) -> String { "[" + logins.map { #"{"login":"\#($0)"}"# }.joined(separator: ",") + "]" }

    func answer(
        _ request: Request, _ context: BasicRequestContext, _ state: State, _ reply: (String) throws -> (Int, String, [String: String]?)
    ) throws -> Response {
        state.lock.withLock { state.calls += 1 }
        let base = "http://\(request.head.authority ?? "127.0.0.1")"
        guard request.headers[.authorization] == "Bearer \(token)" else {
            return Response(status: .unauthorized, body: .init(byteBuffer: ByteBuffer(string: #"{"message":"Bad credentials"}"#)))
        }
        let (status, body, extra) = try reply(base)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        for (name, value) in extra ?? [:] { headers[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
