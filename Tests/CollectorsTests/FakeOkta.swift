import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TestSupport

/// A local server that answers as Okta's Management API documents it: 450 users over three pages
/// of 200 linked by `Link` headers (cursor `after`), five more only when asked for by status
/// DEPROVISIONED, each user's factors, and the users with role assignments over two pages linked
/// by `_links.next.href`. It refuses a wrong token with 401 `E0000011`, and can answer the first
/// users call with 429 and `X-Rate-Limit-Reset`, refuse one user's factors with 403 `E0000006`, or
/// loop its user pages.
struct FakeOkta: Sendable {
    var token = "00okta-test-token"
    var rateLimitOnce = false
    var factorsRefused = false
    var loopingPages = false

    final class State: @unchecked Sendable {
        let lock = NSLock()
        var limited = false
    }

    static let users = 450
    static let suspended = Set(stride(from: 49, to: users, by: 50))
    static let withoutFactor: Set<Int> = [1, 10, 11, 20]
    static let dormant: Set<Int> = [3, 4, 8]
    static let admins = [0, 1, 2]

    static func id(_ index: Int) -> String { String(format: "00u%04d", index) }
    static func email(_ index: Int) -> String { String(format: "person%03d@acme.test", index) }

    static func user(_ index: Int, now: Date) -> String {
        let status = suspended.contains(index) ? "SUSPENDED" : index == 5 ? "STAGED" : index == 6 ? "PASSWORD_EXPIRED" : "ACTIVE"
        let created = index >= 440 ? iso(now.addingTimeInterval(-10 * 86_400)) : "2025-01-01T09:00:00.000Z"
        let lastLogin = index == 8 ? "null" : "\"\(iso(now.addingTimeInterval(dormant.contains(index) ? -200 * 86_400 : -86_400)))\""
        return """
            {"id":"\(id(index))","status":"\(status)","created":"\(created)","activated":"\(created)","statusChanged":"\(created)",\
            "lastLogin":\(lastLogin),"profile":{"firstName":"Person","lastName":"\(index)","email":"\(email(index))","login":"\(email(index))"}}
            """
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        let state = State()
        let router = Router()
        let config = self
        let now = Date()
        router.get("/api/v1/users") { request, _ in
            try config.answer(request) { base in
                let query = request.uri.queryParameters
                if query.get("filter") == #"status eq "DEPROVISIONED""# {
                    let removed = (0..<5).map {
                        #"{"id":"00uD\#($0)","status":"DEPROVISIONED","created":"2024-03-01T09:00:00.000Z","statusChanged":"2026-06-0\#($0 + 1)T17:30:00.000Z","lastLogin":null,"profile":{"email":"leaver\#($0)@acme.test","login":"leaver\#($0)@acme.test"}}"#
                    }
                    return (200, "[" + removed.joined(separator: ",") + "]", nil)
                }
                if config.rateLimitOnce,
                    state.lock.withLock({ () -> Bool in
                        defer { state.limited = true }
                        return !state.limited
                    })
                {
                    return (
                        429, #"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#,
                        [
                            "x-rate-limit-limit": "600", "x-rate-limit-remaining": "0",
                            "x-rate-limit-reset": String(Int(now.timeIntervalSince1970) + 1),
                        ]
                    )
                }
                let after = query.get("after").flatMap { Int($0.dropFirst(3)) }.map { $0 + 1 } ?? 0
                let page = (after..<min(after + 200, Self.users)).map { Self.user($0, now: now) }
                var headers = ["link": "<\(base)/api/v1/users?limit=200>; rel=\"self\""]
                if after + 200 < Self.users || config.loopingPages {
                    let cursor = config.loopingPages ? Self.id(199) : Self.id(after + 199)
                    headers["link"]! += ", <\(base)/api/v1/users?after=\(cursor)&limit=200>; rel=\"next\""
                }
                return (200, "[" + page.joined(separator: ",") + "]", headers)
            }
        }
        router.get("/api/v1/users/{id}/factors") { request, context in
            try config.answer(request) { _ in
                let id = context.parameters.get("id") ?? ""
                guard let index = Int(id.dropFirst(3)), id.hasPrefix("00u") else {
                    return (404, #"{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: \#(id) (User)"}"#, nil)
                }
                if config.factorsRefused && index == 42 {
                    return (403, #"{"errorCode":"E0000006","errorSummary":"You do not have permission to perform the requested action"}"#, nil)
                }
                if index == 11 { return (200, #"[{"id":"opf1","factorType":"token:software:totp","status":"PENDING_ACTIVATION"}]"#, nil) }
                if Self.withoutFactor.contains(index) { return (200, "[]", nil) }
                return (200, #"[{"id":"opf2","factorType":"signed_nonce","provider":"OKTA","status":"ACTIVE"}]"#, nil)
            }
        }
        router.get("/api/v1/iam/assignees/users") { request, _ in
            try config.answer(request) { base in
                if request.uri.queryParameters.get("after") == nil {
                    let first = Self.admins.prefix(2).map { #"{"id":"\#(Self.id($0))","orn":"orn:okta:directory:acme:users:\#(Self.id($0))"}"# }
                    return (
                        200,
                        #"{"value":[\#(first.joined(separator: ","))],"_links":{"next":{"href":"\#(base)/api/v1/iam/assignees/users?after=2&limit=100"}}}"#,
                        nil
                    )
                }
                return (200, #"{"value":[{"id":"\#(Self.id(Self.admins[2]))"}],"_links":{}}"#, nil)
            }
        }
        try await LoopbackServer.run(router) { url in try await body(url) }
    }

    func answer(_ request: Request, _ reply: (String) throws -> (Int, String, [String: String]?)) throws -> Response {
        let base = "http://\(request.head.authority ?? "127.0.0.1")"
        guard request.headers[.authorization] == "SSWS \(token)" else {
            return Response(
                status: .unauthorized,
                body: .init(byteBuffer: ByteBuffer(string: #"{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorCauses":[]}"#)))
        }
        let (status, body, extra) = try reply(base)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        for (name, value) in extra ?? [:] { headers[HTTPField.Name(name)!] = value }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
