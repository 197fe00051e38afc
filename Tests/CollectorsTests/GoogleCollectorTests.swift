import Collectors
import ComplianceCore
import Crypto
import Foundation
import TestSupport
import Testing
import _CryptoExtras

@Suite("Google Workspace collector against a local Google")
struct GoogleCollectorTests {
    static let key = try! _RSA.Signing.PrivateKey(keySize: .bits2048)

    static func keyFile(tokenURI: String, type: String = "service_account", privateKey: String = key.pkcs8PEMRepresentation) -> [UInt8] {
        let file: [String: String] = [
            "type": type, "project_id": "acme-compliance", "private_key_id": "abc123", "private_key": privateKey,
            "client_email": "attest@acme-compliance.iam.gserviceaccount.com", "token_uri": tokenURI,
        ]
        return Array(try! JSONSerialization.data(withJSONObject: file))
    }

    static func collector(_ url: URL, token: String) -> GoogleCollector {
        GoogleCollector(
            http: CollectorHTTP(timeout: .seconds(90), retry: .fast), accessToken: token, domain: "acme.test", base: url)
    }

    @Test func aServiceAccountTokenBuysTheListingAndEveryPageIsJudged() async throws {
        try await FakeGoogle(publicKey: Self.key.publicKey, rateLimitOnce: true).run { url in
            let account = try GoogleServiceAccount(json: Self.keyFile(tokenURI: url.absoluteString + "/token"))
            let http = CollectorHTTP(timeout: .seconds(90), retry: .fast)
            let token = try await account.accessToken(subject: "admin@acme.test", http: http)
            let result = try await GoogleCollector(http: http, accessToken: token, domain: "acme.test", base: url).run()
            #expect(result.errors.isEmpty, "\(result.errors)")
            #expect(result.calls.contains { $0.action == "google:POST token" }, "the token exchange is in the run's ledger")
            let mfa = try #require(result.outcome("google_active_users_mfa_enrolled"))
            #expect(mfa.resources.count == 1_195, "three pages, less four suspended and one archived")
            #expect(result.failing("google_active_users_mfa_enrolled") == Set(FakeGoogle.withoutTwoStep.map(FakeGoogle.email)))
            #expect(result.failing("google_active_users_2sv_enforced").count == 24)
            #expect(result.failing("google_active_users_signed_in_recently") == [FakeGoogle.email(5), FakeGoogle.email(6)], "never and long ago")
            #expect(result.outcome("google_admins_limited")?.status == .pass)
            #expect(result.outcome("google_admins_mfa_enrolled")?.resources.count == 2)
            let users = try #require(result.listings.first { $0.name == "google-users" })
            #expect(users.rows.count == 1_200)
            #expect(users.rows.first { $0[1] == FakeGoogle.email(5) }?[8] == "", "the epoch Google writes is no sign-in")
            #expect(users.rows.first { $0[1] == FakeGoogle.email(1_198) }?[3] == "deprovisioned")
            #expect(result.calls.first { $0.action == "google:GET /admin/directory/v1/users" }.map { $0.retries >= 1 } == true)
        }
    }

    @Test func aKeyOfAnotherAccountIsRefusedAndNothingIsCollected() async throws {
        let other = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try await FakeGoogle(publicKey: Self.key.publicKey).run { url in
            let account = try GoogleServiceAccount(
                json: Self.keyFile(tokenURI: url.absoluteString + "/token", privateKey: other.pkcs8PEMRepresentation))
            let error = await #expect(throws: CollectorError.self) {
                try await account.accessToken(subject: "admin@acme.test", http: CollectorHTTP(timeout: .seconds(90), retry: .fast))
            }
            #expect(String(describing: error).contains("invalid_grant"))
            #expect(!String(describing: error).contains("eyJ"), "the assertion is never repeated")
        }
    }

    @Test func aHostileKeyFileSaysWhatIsWrong() throws {
        let cases: [([UInt8], String)] = [
            (Array("not json".utf8), "not JSON"),
            (Self.keyFile(tokenURI: "https://oauth2.googleapis.com/token", type: "authorized_user"), "service_account"),
            (Self.keyFile(tokenURI: "file:///etc/passwd"), "token_uri"),
            (
                Self.keyFile(
                    tokenURI: "https://oauth2.googleapis.com/token", privateKey: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"),
                "private_key"
            ),
            ([UInt8](repeating: 32, count: GoogleServiceAccount.largestFile + 1), "64 KiB"),
        ]
        for (bytes, expected) in cases {
            let error = #expect(throws: CollectorError.self) { try GoogleServiceAccount(json: bytes) }
            #expect(String(describing: error).contains(expected), "\(String(describing: error))")
        }
    }

    @Test func aWrongTokenStopsTheRunAndAnUnreadablePageIsAnError() async throws {
        try await FakeGoogle(publicKey: Self.key.publicKey, malformedPage: true).run { url in
            let error = await #expect(throws: CollectorError.self) { try await Self.collector(url, token: "ya29.wrong-secret").run() }
            #expect(String(describing: error).contains("invalid authentication credentials"))
            #expect(!String(describing: error).contains("ya29.wrong-secret"))
            let result = try await Self.collector(url, token: "ya29.test-access-token").run()
            let mfa = try #require(result.outcome("google_active_users_mfa_enrolled"))
            #expect(mfa.status == .error && mfa.reason?.contains("not JSON") == true)
            #expect(result.listings.isEmpty)
        }
    }
}
