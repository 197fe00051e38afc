import ComplianceCore
import Foundation
import Testing

@Suite("TOTP, base32 and the access policy")
struct SecurityPrimitiveTests {
    /// RFC 6238 appendix B, SHA-1 rows, reduced to 6 digits.
    @Test(arguments: [(59.0, "287082"), (1_111_111_109.0, "081804"), (1_234_567_890.0, "005924"), (2_000_000_000.0, "279037")])
    func totpMatchesRFC6238(time: Double, code: String) {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: time)) == code)
        #expect(totp.verify(code, at: Date(timeIntervalSince1970: time + 30)))
        #expect(!totp.verify(code, at: Date(timeIntervalSince1970: time + 95)))
        #expect(!totp.verify("12345", at: Date(timeIntervalSince1970: time)))
    }

    @Test func base32RoundTrips() {
        let bytes = Array("12345678901234567890".utf8)
        #expect(Base32.encode(bytes) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
        #expect(Base32.decode("gezd gnbv-gy3tqojqgezdgnbvgy3tqojq") == bytes)
        #expect(Base32.decode("not base32!") == nil)
    }

    @Test func provisioningURLNamesTheAccount() {
        let url = TOTP.generate().provisioningURL(account: "olivia@acme.example")
        #expect(url.hasPrefix("otpauth://totp/Attest:olivia@acme.example?secret="))
    }

    @Test func rolesAreOrdered() {
        #expect(Role.owner > Role.admin && Role.admin > Role.member && Role.member > Role.viewer)
    }

    @Test func policyGrantsByRole() {
        #expect(AccessPolicy.allows(.member(.admin), .manageMembers))
        #expect(!AccessPolicy.allows(.member(.member), .manageMembers))
        #expect(!AccessPolicy.allows(.member(.admin), .grantOwnership))
        #expect(AccessPolicy.allows(.member(.owner), .manageEngagementGrants))
        #expect(AccessPolicy.allows(.member(.viewer), .viewEvents))
        #expect(!AccessPolicy.allows(.member(.member), .viewEvents))
        #expect(AccessPolicy.allows(.auditor(grantID: UUID()), .viewEvents))
        #expect(!AccessPolicy.allows(.auditor(grantID: UUID()), .manageMembers))
        #expect(AccessPolicy.allows(.operator, .grantOwnership))
    }
}

@Suite("The change event chain")
struct ChangeEventTests {
    let organization = UUID(uuidString: "6f1c2b1e-3f44-4c8e-9d43-6c0f1c6a9a10")!

    func event(_ sequence: Int64, previous: String, action: String = "created") -> ChangeEvent {
        ChangeEvent(
            organizationID: organization, sequence: sequence, actor: .cli("test"), entityType: "organization",
            entityID: "x", action: action, stateDigest: String(repeating: "a", count: 64),
            occurredAt: Date(timeIntervalSince1970: 1_795_852_612.123), previousHash: previous)
    }

    @Test func leafBytesAreCanonicalAndStable() {
        let first = event(1, previous: ChangeEvent.genesisHash)
        let text = String(decoding: first.leafBytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"change_event","action":"created","actor":"cli:test","entity_id":"x""#))
        #expect(text.contains(#""occurred_at":"2026-11-28T07:56:52.123Z""#))
        #expect(first.hash == Digest.sha256Hex(first.leafBytes))
        #expect(first.hash == event(1, previous: ChangeEvent.genesisHash).hash)
    }

    @Test func anyChangedFieldChangesTheHash() {
        let base = event(1, previous: ChangeEvent.genesisHash)
        #expect(base.hash != event(2, previous: ChangeEvent.genesisHash).hash)
        #expect(base.hash != event(1, previous: ChangeEvent.genesisHash, action: "deleted").hash)
        #expect(base.hash != event(1, previous: String(repeating: "1", count: 64)).hash)
    }

    @Test func canonicalJSONSortsKeysAndEscapes() throws {
        struct Sample: Encodable {
            let b = "x\"y"
            let a = 1
        }
        #expect(String(decoding: try CanonicalJSON.encode(Sample()), as: UTF8.self) == #"{"a":1,"b":"x\"y"}"#)
        #expect(CanonicalJSON.quote("line\nbreak\u{01}") == #""line\nbreak\u0001""#)
    }

    @Test func actorsRoundTripThroughText() {
        let id = UUID()
        #expect(Actor(parsing: Actor.user(id).description) == .user(id))
        #expect(Actor(parsing: "cli:ops") == .cli("ops"))
        #expect(Actor(parsing: "system") == .system)
    }
}
