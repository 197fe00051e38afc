import Foundation
import NIOHTTP1

/// A JSON REST API as the SaaS collectors use one (GitHub, Okta, Google Workspace): the source's
/// own headers (its credential among them) on every call, its rate limit honoured, its error body
/// turned into a `CollectorError` that names the call, and listings followed page after page. A
/// next page on another host is refused: the credential goes to the API's own host only.
public struct RESTClient: Sendable {
    /// How one source speaks: what it sends with every call, how it says "slow down" and when to
    /// try again, and where its error message is.
    public struct Dialect: Sendable {
        /// Sent after the defaults (`Accept: application/json`), so a source may replace them.
        public let headers: [(String, String)]
        /// Besides 429 and 503, which always are.
        public let isRateLimited: @Sendable (InboundReply) -> Bool
        /// The header holding the epoch second at which the limit resets (`x-ratelimit-reset`).
        public let resetHeader: String?
        public let message: @Sendable (JSONTree) -> String?

        public init(
            headers: [(String, String)], isRateLimited: @escaping @Sendable (InboundReply) -> Bool = { _ in false }, resetHeader: String? = nil,
            message: @escaping @Sendable (JSONTree) -> String?
        ) {
            self.headers = headers
            self.isRateLimited = isRateLimited
            self.resetHeader = resetHeader
            self.message = message
        }
    }

    public let http: CollectorHTTP
    public let base: URL
    let dialect: Dialect
    /// The longest wait for a limit to reset; beyond it the call is `throttled`.
    let longestWait: Duration

    public init(http: CollectorHTTP, base: URL, dialect: Dialect, longestWait: Duration = .seconds(90)) {
        self.http = http
        self.base = base
        self.dialect = dialect
        self.longestWait = longestWait
    }

    public func url(_ path: String, query: [(String, String)] = []) -> String {
        var components = URLComponents(url: base.appendingPathComponent(path), resolvingAgainstBaseURL: false)!
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        return components.string!
    }

    /// One JSON answer; nil when the source answers 404 (an unprotected branch, a feature that is off).
    public func object(_ action: String, _ path: String, query: [(String, String)] = []) async throws(CollectorError) -> JSONTree? {
        let reply = try await get(action, url(path, query: query))
        if reply.status == 404 { return nil }
        try check(action, reply)
        return try Self.parse(action, reply)
    }

    /// Every item of a listing whose pages are JSON arrays linked by `Link: <…>; rel="next"`
    /// (GitHub, Okta).
    public func linkedList(_ action: String, _ path: String, query: [(String, String)]) async throws(CollectorError) -> [JSONTree] {
        try await pages(action, first: url(path, query: query)) { reply, body throws(CollectorError) in
            (body.array, try nextLink(reply, action: action))
        }
    }

    /// Every item of a listing, with `page` reading one answer's items and the next page's URL.
    public func pages(
        _ action: String, first: String, maxPages: Int = 1_000,
        _ page: (InboundReply, JSONTree) throws(CollectorError) -> (items: [JSONTree], next: String?)
    ) async throws(CollectorError) -> [JSONTree] {
        try await Paging.all(action, maxPages: maxPages) { (next: String?) throws(CollectorError) in
            if let next { try onOwnHost(next, action: action) }
            let reply = try await get(action, next ?? first)
            try check(action, reply)
            return try page(reply, try Self.parse(action, reply))
        }
    }

    public func get(_ action: String, _ url: String) async throws(CollectorError) -> InboundReply {
        let dialect = dialect
        let longest = longestWait
        let wait: @Sendable (InboundReply) -> Duration? = { reply in Self.resetWait(reply, header: dialect.resetHeader, now: Date(), longest: longest)
        }
        return try await http.send(action, throttled: dialect.isRateLimited, retryAfter: wait) {
            OutboundCall(method: .GET, url: url, headers: [("Accept", "application/json"), ("User-Agent", "attest-collector")] + dialect.headers)
        }
    }

    /// How long until the limit resets, from the source's reset header; nil when it gives a
    /// `retry-after` (the HTTP client reads that) or no reset.
    static func resetWait(_ reply: InboundReply, header: String?, now: Date, longest: Duration) -> Duration? {
        guard reply.headers.first(name: "retry-after") == nil, let header, let text = reply.headers.first(name: header), let reset = Double(text)
        else { return nil }
        return min(.seconds(max(1, reset - now.timeIntervalSince1970)), longest)
    }

    public func check(_ action: String, _ reply: InboundReply) throws(CollectorError) {
        guard !(200..<300).contains(reply.status) else { return }
        let message = (try? JSONTree.parse(reply.body)).flatMap(dialect.message) ?? String(reply.text.prefix(200))
        switch reply.status {
        case 401: throw .badCredentials(action: action, code: "401", message: message)
        case 403, 404: throw .refused(action: action, code: String(reply.status), message: message)
        default: throw .failed(action: action, status: reply.status, code: String(reply.status), message: message)
        }
    }

    public static func parse(_ action: String, _ reply: InboundReply) throws(CollectorError) -> JSONTree {
        do { return try JSONTree.parse(reply.body) } catch { throw .malformed(action: action, reason: "the answer is not JSON") }
    }

    /// A next page must be on the API's own host: the credential is not sent anywhere else.
    func onOwnHost(_ next: String, action: String) throws(CollectorError) {
        guard let url = URL(string: next), url.host == base.host, url.port == base.port else {
            throw .malformed(action: action, reason: "the next page is on another host (\(next.prefix(80))); the credential is not sent there")
        }
    }

    /// The `rel="next"` URL of a `Link` header (RFC 8288).
    func nextLink(_ reply: InboundReply, action: String) throws(CollectorError) -> String? {
        guard let link = reply.headers.first(name: "link") else { return nil }
        for part in link.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard pieces.count >= 2, pieces.dropFirst().contains(#"rel="next""#), pieces[0].hasPrefix("<"), pieces[0].hasSuffix(">") else {
                continue
            }
            return String(pieces[0].dropFirst().dropLast())
        }
        return nil
    }
}
