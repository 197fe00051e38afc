import ComplianceCore
import Crypto
import Foundation
import NIOHTTP1
import _CryptoExtras

/// A Google service account key file and the access token it buys: a JWT signed with the
/// account's RSA key (RS256), exchanged at the file's `token_uri` under the JWT bearer grant
/// (RFC 7523), impersonating a Workspace administrator through domain-wide delegation (`sub`).
public struct GoogleServiceAccount: Sendable {
    public static let directoryScope = "https://www.googleapis.com/auth/admin.directory.user.readonly"
    /// A key file is a few kilobytes; anything far larger is not one.
    public static let largestFile = 64 << 10

    public let clientEmail: String
    public let tokenURI: URL
    let key: _RSA.Signing.PrivateKey

    /// Reads a key file as Google issues it (`type: service_account`), saying what is wrong
    /// without ever repeating the key.
    public init(json bytes: [UInt8]) throws(CollectorError) {
        let action = "google:read service account key"
        guard bytes.count <= Self.largestFile else {
            throw .malformed(action: action, reason: "the file is larger than 64 KiB; a key file is a few KiB")
        }
        guard let tree = try? JSONTree.parse(bytes), case .object = tree else { throw .malformed(action: action, reason: "the file is not JSON") }
        guard tree["type"].string == "service_account" else {
            throw .malformed(action: action, reason: "\"type\" is not \"service_account\"; download a key of a service account")
        }
        guard let email = tree["client_email"].string, email.contains("@"), email.count <= 320 else {
            throw .malformed(action: action, reason: "\"client_email\" is missing")
        }
        guard let uri = tree["token_uri"].string, let url = URL(string: uri), ["https", "http"].contains(url.scheme ?? ""), url.host != nil else {
            throw .malformed(action: action, reason: "\"token_uri\" is not an http(s) URL")
        }
        guard let pem = tree["private_key"].string, let key = try? _RSA.Signing.PrivateKey(pemRepresentation: pem) else {
            throw .malformed(action: action, reason: "\"private_key\" is not an RSA private key of 2048 bits or more in PEM")
        }
        clientEmail = email
        tokenURI = url
        self.key = key
    }

    /// The signed assertion: header and claims as base64url JSON, signed with RSASSA-PKCS1-v1_5 over SHA-256.
    public func assertion(subject: String, scope: String = Self.directoryScope, now: Date = Date()) throws -> String {
        let issued = Int(now.timeIntervalSince1970)
        let header = try JSONSerialization.data(withJSONObject: ["alg": "RS256", "typ": "JWT"], options: [.sortedKeys])
        let claims = try JSONSerialization.data(
            withJSONObject: [
                "iss": clientEmail, "sub": subject, "scope": scope, "aud": tokenURI.absoluteString, "iat": issued, "exp": issued + 3600,
            ] as [String: Any], options: [.sortedKeys, .withoutEscapingSlashes])
        let signingInput = Base64URL.encode(header) + "." + Base64URL.encode(claims)
        let signature = try key.signature(for: SHA256.hash(data: Data(signingInput.utf8)), padding: .insecurePKCS1v1_5)
        return signingInput + "." + Base64URL.encode(signature.rawRepresentation)
    }

    /// Exchanges the assertion for an access token. A refusal names Google's `error` and
    /// `error_description`, never the assertion.
    public func accessToken(subject: String, http: CollectorHTTP, now: Date = Date()) async throws(CollectorError) -> String {
        let action = "google:POST token"
        let jwt: String
        do { jwt = try assertion(subject: subject, now: now) } catch { throw .malformed(action: action, reason: "the key could not sign") }
        var form = URLComponents()
        form.queryItems = [
            URLQueryItem(name: "grant_type", value: "urn:ietf:params:oauth:grant-type:jwt-bearer"), URLQueryItem(name: "assertion", value: jwt),
        ]
        let body = Array((form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B").utf8)
        let reply = try await http.send(action) {
            OutboundCall(
                method: .POST, url: tokenURI.absoluteString, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
        }
        let answer = try? JSONTree.parse(reply.body)
        guard (200..<300).contains(reply.status) else {
            let message = [answer?["error"].string, answer?["error_description"].string].compactMap { $0 }.joined(separator: ": ")
            throw .badCredentials(action: action, code: String(reply.status), message: message)
        }
        guard let token = answer?["access_token"].string, !token.isEmpty else {
            throw .malformed(action: action, reason: "the answer has no access_token")
        }
        return token
    }
}
