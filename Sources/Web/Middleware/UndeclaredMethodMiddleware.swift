import HTTPTypes
import Hummingbird

/// Answers 405 with an `Allow` header, rather than 404, when an address exists but not for the
/// method asked (TRACE on an API path, DELETE on a list). Added after every route, so Hummingbird
/// runs it only for requests no route matched: it never sits in the path of a served request.
struct UndeclaredMethodMiddleware: RouterMiddleware {
    typealias Context = AttestContext

    /// Each route's path split into segments, with its method; `{name}` segments match any one segment.
    private let routes: [(method: String, segments: [Substring])]

    init(routes: [(method: String, path: String)]) {
        self.routes = routes.map { (method: $0.method, segments: $0.path.split(separator: "/")) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let segments = request.uri.path.split(separator: "/")
        let matching = routes.filter { Self.matches($0.segments, segments) }
        // The router prefers a literal segment to a parameter (`/controls/adopt` over
        // `/controls/{key}`) and does not fall back by method, so only the most literal template counts.
        guard let best = matching.map({ Self.literals($0.segments) }).max(by: { $0.lexicographicallyPrecedes($1) }) else {
            return try await next(request, context)
        }
        let allowed = Set(matching.filter { Self.literals($0.segments) == best }.map(\.method))
        guard !allowed.isEmpty, !allowed.contains(request.method.rawValue) else { return try await next(request, context) }
        var response = PublicError(status: .methodNotAllowed, code: "method_not_allowed", message: Self.message(allowed))
            .jsonResponse()
        response.headers[.allow] = allowed.sorted().joined(separator: ", ")
        return response
    }

    private static func matches(_ template: [Substring], _ segments: [Substring]) -> Bool {
        template.count == segments.count
            && zip(template, segments).allSatisfy { pattern, segment in pattern.hasPrefix("{") || pattern == segment }
    }

    private static func literals(_ template: [Substring]) -> [Int] {
        template.map { $0.hasPrefix("{") ? 0 : 1 }
    }

    private static func message(_ allowed: Set<String>) -> String {
        "This address answers only \(allowed.sorted().joined(separator: ", "))."
    }
}
