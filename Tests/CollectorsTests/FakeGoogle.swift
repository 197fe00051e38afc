import ComplianceCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import TestSupport
import _CryptoExtras

/// A local server that answers as Google documents its OAuth token endpoint and the Admin SDK
/// Directory API: a JWT bearer grant whose RS256 signature, audience, scope and expiry are
/// checked against the service account's public key; then 1,200 users over three pages linked by
/// `nextPageToken`. A wrong token is 401 `UNAUTHENTICATED`; it can answer the first users call
/// with 403 `userRateLimitExceeded`, or answer a page with something that is not JSON.
struct FakeGoogle: Sendable {
    let publicKey: _RSA.Signing.PublicKey
    var accessToken = "ya29.test-access-token"
    var rateLimitOnce = false
    var malformedPage = false

    final class State: @unchecked Sendable {
        let lock = NSLock()
        var limited = false
    }

    static let users = 1_200
    static let withoutTwoStep = Set(stride(from: 7, to: users, by: 100))
    static let notEnforced = withoutTwoStep.union(stride(from: 8, to: users, by: 100))
    static let suspended = Set(stride(from: 299, to: users, by: 300))
    static let archived = 1_198

    static func email(_ index: Int) -> String { String(format: "user%04d@acme.test", index) }

    static func user(_ index: Int, now: Date) -> String {
        let last =
            index == 5 ? "1970-01-01T00:00:00.000Z" : FakeOkta.iso(now.addingTimeInterval(index == 6 ? -120 * 86_400 : -3_600))
        return """
            {"kind":"admin#directory#user","id":"1\(String(format: "%05d", index))","primaryEmail":"\(email(index))",\
            "name":{"givenName":"User","familyName":"\(index)","fullName":"User \(index)"},"isAdmin":\(index < 2),"isDelegatedAdmin":false,\
            "lastLoginTime":"\(last)","creationTime":"2024-01-01T08:00:00.000Z","suspended":\(suspended.contains(index)),\
            "archived":\(index == archived),"isEnrolledIn2Sv":\(!withoutTwoStep.contains(index)),"isEnforcedIn2Sv":\(!notEnforced.contains(index)),\
            "orgUnitPath":"/"}
            """
    }

    func run(_ body: @Sendable (URL) async throws -> Void) async throws {
        let state = State()
        let router = Router()
        let config = self
        let now = Date()
        router.post("/token") { request, _ in
            let form = String(buffer: try await request.body.collect(upTo: 1 << 16))
            let fields = URLComponents(string: "?" + form)?.queryItems ?? []
            let base = "http://\(request.head.authority ?? "127.0.0.1")"
            guard fields.first(where: { $0.name == "grant_type" })?.value == "urn:ietf:params:oauth:grant-type:jwt-bearer",
                let jwt = fields.first(where: { $0.name == "assertion" })?.value, config.verify(jwt, audience: base + "/token", now: now)
            else { return Self.json(400, #"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#) }
            return Self.json(200, #"{"access_token":"\#(config.accessToken)","expires_in":3599,"token_type":"Bearer"}"#)
        }
        router.get("/admin/directory/v1/users") { request, _ in
            guard request.headers[.authorization] == "Bearer \(config.accessToken)" else {
                return Self.json(
                    401,
                    #"{"error":{"code":401,"message":"Request had invalid authentication credentials. Expected OAuth 2 access token.","status":"UNAUTHENTICATED"}}"#
                )
            }
            let query = request.uri.queryParameters
            guard query.get("customer") == "my_customer" else {
                return Self.json(400, #"{"error":{"code":400,"message":"Bad Request","errors":[{"reason":"badRequest"}]}}"#)
            }
            if config.rateLimitOnce,
                state.lock.withLock({ () -> Bool in
                    defer { state.limited = true }
                    return !state.limited
                })
            {
                return Self.json(
                    403,
                    #"{"error":{"code":403,"message":"Quota exceeded for quota metric 'Queries'","errors":[{"reason":"userRateLimitExceeded","domain":"usageLimits"}]}}"#
                )
            }
            let start = query.get("pageToken").flatMap { Int($0.dropFirst(4)) } ?? 0
            if config.malformedPage && start > 0 { return Self.json(200, "<html>Service Unavailable</html>") }
            let users = (start..<min(start + 500, Self.users)).map { Self.user($0, now: now) }
            let next = start + 500 < Self.users ? #","nextPageToken":"page\#(start + 500)""# : ""
            return Self.json(200, #"{"kind":"admin#directory#users","users":[\#(users.joined(separator: ","))]\#(next)}"#)
        }
        try await LoopbackServer.run(router) { url in try await body(url) }
    }

    /// What Google checks of the assertion: the signature under the account's key, the audience,
    /// the scope, and a lifetime of at most an hour around now.
    func verify(_ jwt: String, audience: String, now: Date) -> Bool {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let signature = Base64URL.decode(parts[2]), let claimBytes = Base64URL.decode(parts[1]),
            let header = Base64URL.decode(parts[0]).flatMap({ try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }),
            header["alg"] as? String == "RS256",
            let claims = try? JSONSerialization.jsonObject(with: claimBytes) as? [String: Any]
        else { return false }
        let signed = Data((parts[0] + "." + parts[1]).utf8)
        guard
            publicKey.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5)
        else { return false }
        let issued = (claims["iat"] as? Int) ?? 0
        let expires = (claims["exp"] as? Int) ?? 0
        return claims["aud"] as? String == audience && claims["scope"] as? String == GoogleServiceAccountScope.directory
            && claims["sub"] as? String == "admin@acme.test" && expires - issued <= 3600 && Double(expires) > now.timeIntervalSince1970
    }

    static func json(_ status: Int, _ body: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=UTF-8"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

/// Named apart from the code under test, so the fake checks the documented scope itself.
enum GoogleServiceAccountScope {
    static let directory = "https://www.googleapis.com/auth/admin.directory.user.readonly"
}
