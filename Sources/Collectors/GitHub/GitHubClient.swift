import Foundation
import NIOHTTP1

/// GitHub's REST API as the collector uses it: a token in the Authorization header, the versioned
/// media type, 100 items a page followed through the `Link` header, and both of GitHub's rate
/// limits honoured (the hourly one by waiting until `x-ratelimit-reset`, within reason; the
/// secondary one by `retry-after`). A next page on another host is refused: the token goes to
/// the API's own host only.
public struct GitHubClient: Sendable {
    let http: CollectorHTTP
    let token: String
    public let base: URL
    /// The longest wait for the hourly limit to reset; beyond it the call is `throttled`.
    let longestWait: Duration

    public init(http: CollectorHTTP, token: String, base: URL = URL(string: "https://api.github.com")!, longestWait: Duration = .seconds(90)) {
        self.http = http
        self.token = token
        self.base = base
        self.longestWait = longestWait
    }

    /// Every item of a listing, page after page.
    func list(_ action: String, _ path: String, query: [(String, String)] = []) async throws(CollectorError) -> [JSONTree] {
        let first = url(path, query: query + [("per_page", "100")])
        return try await Paging.all(action, maxPages: 1_000) { (next: String?) throws(CollectorError) in
            let reply = try await get(action, next ?? first)
            try Self.check(action, reply)
            let items = try Self.parse(action, reply).array
            return (items, try Self.nextPage(reply, action: action, host: base.host ?? ""))
        }
    }

    /// One object; nil when GitHub answers 404 (an unprotected branch, a feature that is off).
    func object(_ action: String, _ path: String) async throws(CollectorError) -> JSONTree? {
        let reply = try await get(action, url(path, query: []))
        if reply.status == 404 { return nil }
        try Self.check(action, reply)
        return try Self.parse(action, reply)
    }

    func url(_ path: String, query: [(String, String)]) -> String {
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.string!
    }

    private func get(_ action: String, _ url: String) async throws(CollectorError) -> InboundReply {
        let longest = longestWait
        let token = token
        let call = {
            OutboundCall(
                method: .GET, url: url,
                headers: [
                    ("Authorization", "Bearer \(token)"), ("Accept", "application/vnd.github+json"), ("X-GitHub-Api-Version", "2022-11-28"),
                    ("User-Agent", "attest-collector"),
                ])
        }
        let wait: @Sendable (InboundReply) -> Duration? = { reply in Self.resetWait(reply, now: Date(), longest: longest) }
        return try await http.send(action, throttled: Self.isRateLimited, retryAfter: wait, call)
    }

    /// GitHub's limits answer 403 or 429: the hourly one with `x-ratelimit-remaining: 0`, the
    /// secondary one with `retry-after`.
    static func isRateLimited(_ reply: InboundReply) -> Bool {
        (reply.status == 403 || reply.status == 429)
            && (reply.headers.first(name: "x-ratelimit-remaining") == "0" || reply.headers.first(name: "retry-after") != nil)
    }

    static func resetWait(_ reply: InboundReply, now: Date, longest: Duration) -> Duration? {
        guard reply.headers.first(name: "retry-after") == nil, let text = reply.headers.first(name: "x-ratelimit-reset"),
            let reset = Double(text)
        else { return nil }
        return min(.seconds(max(1, reset - now.timeIntervalSince1970)), longest)
    }

    static func check(_ action: String, _ reply: InboundReply) throws(CollectorError) {
        guard !(200..<300).contains(reply.status) else { return }
        let message = (try? JSONTree.parse(reply.body))?["message"].string ?? String(reply.text.prefix(200))
        switch reply.status {
        case 401: throw .badCredentials(action: action, code: "401", message: message)
        case 403, 404: throw .refused(action: action, code: String(reply.status), message: message)
        default: throw .failed(action: action, status: reply.status, code: String(reply.status), message: message)
        }
    }

    static func parse(_ action: String, _ reply: InboundReply) throws(CollectorError) -> JSONTree {
        do { return try JSONTree.parse(reply.body) } catch { throw .malformed(action: action, reason: "the answer is not JSON") }
    }

    /// The `rel="next"` URL of a `Link` header, on the API's own host.
    static func nextPage(_ reply: InboundReply, action: String, host: String) throws(CollectorError) -> String? {
        guard let link = reply.headers.first(name: "link") else { return nil }
        for part in link.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count >= 2, pieces.dropFirst().contains(#"rel="next""#), pieces[0].hasPrefix("<"), pieces[0].hasSuffix(">") else {
                continue
            }
            let next = String(pieces[0].dropFirst().dropLast())
            guard let url = URL(string: next), url.host == host else {
                throw .malformed(action: action, reason: "the next page is on another host (\(next.prefix(80))); the token is not sent there")
            }
            return next
        }
        return nil
    }
}
