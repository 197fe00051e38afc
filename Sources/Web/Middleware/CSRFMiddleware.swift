import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import UseCases

/// Refuses unsafe requests that a browser could have been tricked into sending.
///
/// A request that rides on the session cookie must carry the session's CSRF token, in the
/// `_csrf` form field or the `X-CSRF-Token` header. Before sign-in (the login form) the token is
/// double-submitted: a cookie set with the form must match the field. Bearer-token requests carry
/// no ambient credential and need no token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AttestContext

    static let preLoginCookie = "attest_csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), context.identity?.token == nil else {
            return try await next(request, context)
        }
        let session = context.identity?.session ?? context.pendingSession
        if ErrorMiddleware.isAPI(request) || request.uri.path.hasPrefix("/scim/v2/"), session == nil {
            // No cookie session: nothing a forged request could ride on. Authentication decides.
            return try await next(request, context)
        }
        var request = request
        let expected = session?.csrfToken ?? request.cookies[Self.preLoginCookie]?.value ?? ""
        let presented = try await Self.presentedToken(in: &request, context: context)
        guard !expected.isEmpty, let presented, constantTimeEquals(expected, presented) else {
            throw DomainError(
                .forbidden, code: "csrf_failed",
                "The form's security token is missing or does not match. Reload the page and try again.")
        }
        return try await next(request, context)
    }

    /// The header, or the `_csrf` field of a form body (the body is kept for the handler).
    private static func presentedToken(in request: inout Request, context: Context) async throws -> String? {
        if let header = request.headers[header] { return header }
        // A streamed multipart upload is not read ahead; its form carries the token in the query.
        if request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true {
            return request.uri.queryParameters.get("_csrf")
        }
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: body))["_csrf"]
    }
}

/// A parsed `application/x-www-form-urlencoded` body. Later duplicates of a name are ignored.
struct FormFields {
    private var values: [String: [String]] = [:]

    init(_ text: String) {
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[Self.decode(parts[0]), default: []].append(parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// The first value of a field.
    subscript(_ name: String) -> String? { values[name]?.first }

    /// Every field name sent, in no particular order (the results grid names its cells `r:ITEM:ATTRIBUTE`).
    var names: [String] { Array(values.keys) }

    /// Every value of a repeated field (checkboxes).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    private static func decode(_ part: Substring) -> String {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
    }

    static func read(_ request: Request, context: AttestContext) async throws -> FormFields {
        var request = request
        let body = try await request.collectBody(upTo: context.maxUploadSize)
        return FormFields(String(buffer: body))
    }
}
