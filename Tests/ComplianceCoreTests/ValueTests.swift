import ComplianceCore
import Foundation
import Testing

@Suite("Slugs, emails and names")
struct ValueTests {
    @Test(arguments: ["acme-cloud", "a1", "example-assurance", "x2-y3"])
    func acceptsSlugs(_ raw: String) throws {
        #expect(try Slug(raw).rawValue == raw)
    }

    @Test(arguments: [
        "a", "Acme", "acme/cloud", "..", "../etc", "acme cloud", "-acme", "acme-", "acme_cloud", "", String(repeating: "a", count: 64), "acmé",
    ])
    func refusesSlugs(_ raw: String) {
        #expect(throws: DomainError.self) { try Slug(raw) }
    }

    @Test func normalisesEmails() throws {
        #expect(try EmailAddress("  Olivia@Acme.Example ").rawValue == "olivia@acme.example")
    }

    @Test(arguments: ["", "no-at-sign", "@acme.example", "a@b", "a@.b", "a b@c.d", "a@b@c.d", "a@b.c\n"])
    func refusesEmails(_ raw: String) {
        if raw == "a@b.c\n" {
            // Trailing whitespace is trimmed, not refused.
            #expect(throws: Never.self) { try EmailAddress(raw) }
        } else {
            #expect(throws: DomainError.self) { try EmailAddress(raw) }
        }
    }

    @Test func namesAreTrimmedAndBounded() throws {
        #expect(try Organization.validName("  Acme  ") == "Acme")
        #expect(throws: DomainError.self) { try Organization.validName("   ") }
        #expect(throws: DomainError.self) { try Organization.validName(String(repeating: "x", count: 201)) }
        #expect(throws: DomainError.self) { try Organization.validName("bell\u{07}") }
    }

    @Test func datesAreStrict() {
        #expect(Timestamp.date("2026-02-28") != nil)
        #expect(Timestamp.date("2026-02-30") == nil)
        #expect(Timestamp.date("2026-2-3") == nil)
        #expect(Timestamp.date("yesterday") == nil)
    }

    @Test func fastTimestampsAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // From 1900 to 2400, whole milliseconds, across leap days and centuries.
            let millis = Int64.random(in: -2_208_988_800_000...13_569_465_600_000, using: &generator)
            let date = Date(timeIntervalSince1970: Double(millis) / 1000)
            #expect(Timestamp.rfc3339(date) == formatter.string(from: date), "\(millis)")
        }
        #expect(Timestamp.rfc3339(Timestamp.date("2024-02-29")!) == "2024-02-29T00:00:00.000Z")
    }

    @Test func addingMonthsAgreesWithCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_000_000_000_000...8_000_000_000_000, using: &generator)) / 1000)
            // Forward only: Foundation's Calendar mishandles some backward month steps (it puts
            // 2070-05-31 minus 27 months on 2068-02-28, though 2068 is a leap year).
            let months = Int.random(in: 0...30, using: &generator)
            let days = Int.random(in: 0...40, using: &generator)
            let expected = calendar.date(byAdding: .day, value: days, to: calendar.date(byAdding: .month, value: months, to: date)!)!
            #expect(Timestamp.adding(months: months, days: days, to: date) == expected.roundedToMilliseconds, "\(date) \(months) \(days)")
        }
        #expect(Timestamp.adding(months: 1, days: 0, to: Timestamp.date("2026-01-31")!) == Timestamp.date("2026-02-28"))
        #expect(Timestamp.adding(months: -27, days: 0, to: Timestamp.date("2070-05-31")!) == Timestamp.date("2068-02-29"))
        #expect(Timestamp.adding(months: -27, days: 4, to: Timestamp.date("2008-05-29")!) == Timestamp.date("2006-03-04"))
    }

    @Test func timestampsAreRFC3339WithMilliseconds() {
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.rfc3339(Date(timeIntervalSince1970: 1_795_852_612.3456)) == "2026-11-28T07:56:52.346Z")
    }
}

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy.standard

    @Test func bundlesACommonPasswordList() {
        #expect(policy.listSize > 1000)
    }

    @Test func acceptsLongUncommonPasswords() throws {
        try policy.check("purple-otter-sings-at-dawn")
        try policy.check(String(repeating: "k7", count: 32))  // 64 characters
    }

    @Test(arguments: ["short", "elevenchars", "password1234", "PASSWORD1234", "qwertyuiop123", "123456789012", String(repeating: "x", count: 129)])
    func refuses(_ password: String) {
        #expect(throws: DomainError.self) { try policy.check(password) }
    }

    @Test func refusesTheEmailAndSmallVariations() throws {
        let email = try EmailAddress("margaret.hamilton@acme.example")
        #expect(throws: DomainError.self) { try policy.check("margaret.hamilton@acme.example", email: email) }
        #expect(throws: DomainError.self) { try policy.check("margaret.hamilton1", email: email) }
        try policy.check("margaret.hamilton-rocket-guidance", email: email)
    }

    /// RFC 3339 section 5.6, as clients send it: any fraction, `t`/`z` in lower case, numeric offsets
    /// (the API refused `…T02:32:37.7-21:04`, which the OpenAPI document's date-time allows).
    @Test func readsEveryRFC3339Time() throws {
        let noon = try #require(Timestamp.time("2027-03-01T12:00:00Z"))
        #expect(Timestamp.rfc3339(noon) == "2027-03-01T12:00:00.000Z")
        #expect(Timestamp.time("2027-03-01t12:00:00z") == noon)
        #expect(Timestamp.time("2027-03-01T14:30:00+02:30") == noon)
        #expect(Timestamp.time("2027-03-01T02:32:37.7-21:04").map(Timestamp.rfc3339) == "2027-03-01T23:36:37.700Z")
        #expect(Timestamp.time("0012-05-13T00:00:00.123456789Z") != nil)
        for bad in [
            "2027-03-01", "2027-03-01T12:00:00", "2027-02-30T12:00:00Z", "2027-03-01T24:00:00Z", "2027-03-01T12:00:00+24:00", "2027-03-01T12:00:00.Z",
            "2027-03-01T12:00:00+0200", "2027-03-01 12:00:00Z",
        ] {
            #expect(Timestamp.time(bad) == nil, "\(bad)")
        }
    }
}
