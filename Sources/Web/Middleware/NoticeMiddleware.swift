import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird

/// "Post, redirect, get": a form that succeeds answers 303 to its page with a one-time notice in a
/// short-lived cookie; the page shows it once and the cookie is cleared. Reloading the page then
/// neither repeats the action nor the message.
struct NoticeMiddleware: RouterMiddleware {
    typealias Context = AttestContext

    static let cookie = "attest_notice"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let raw = request.cookies[Self.cookie]?.value else { return try await next(request, context) }
        var context = context
        context.notice = Self.decode(raw)
        var response = try await next(request, context)
        // Shown now (anything but a further redirect): forget it.
        if !(300..<400).contains(response.status.code) {
            response.headers.append(HTTPField(name: .setCookie, value: "\(Self.cookie)=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax"))
        }
        return response
    }

    /// Base64url of the UTF-8 text, so any sentence survives a cookie; at most 300 characters.
    static func encode(_ text: String) -> String {
        Base64URL.encode(String(text.prefix(300)).utf8)
    }

    static func decode(_ value: String) -> String? {
        guard value.count <= 600 else { return nil }
        return Base64URL.decode(value).flatMap { String(data: $0, encoding: .utf8) }.map { String($0.prefix(300)) }
    }
}
