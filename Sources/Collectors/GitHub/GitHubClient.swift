import Foundation
import NIOHTTP1

/// GitHub's REST API as the collector uses it: a token in the Authorization header, the versioned
/// media type, 100 items a page followed through the `Link` header, and both of GitHub's rate
/// limits honoured (the hourly one by waiting until `x-ratelimit-reset`, within reason; the
/// secondary one by `retry-after`).
public struct GitHubClient: Sendable {
    let rest: RESTClient
    public var http: CollectorHTTP { rest.http }
    public var base: URL { rest.base }

    public init(http: CollectorHTTP, token: String, base: URL = URL(string: "https://api.github.com")!, longestWait: Duration = .seconds(90)) {
        let dialect = RESTClient.Dialect(
            headers: [("Authorization", "Bearer \(token)"), ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28")],
            isRateLimited: Self.isRateLimited,
            resetHeader: "x-ratelimit-reset", message: { $0["message"].string })
        rest = RESTClient(http: http, base: base, dialect: dialect, longestWait: longestWait)
    }

    /// Every item of a listing, page after page.
    func list(_ action: String, _ path: String, query: [(String, String)] = []) async throws(CollectorError) -> [JSONTree] {
        try await rest.linkedList(action, path, query: query + [("per_page", "100")])
    }

    /// One object; nil when GitHub answers 404 (an unprotected branch, a feature that is off).
    func object(_ action: String, _ path: String) async throws(CollectorError) -> JSONTree? {
        try await rest.object(action, path)
    }

    /// GitHub's limits answer 403 or 429: the hourly one with `x-ratelimit-remaining: 0`, the
    /// secondary one with `retry-after`.
    static func isRateLimited(_ reply: InboundReply) -> Bool {
        (reply.status == 403 || reply.status == 429)
            && (reply.headers.first(name: "x-ratelimit-remaining") == "0" || reply.headers.first(name: "retry-after") != nil)
    }
}
