import ComplianceCore
import Foundation
import Testing

@Suite("Dates without Calendar")
struct TimestampDateTests {
    /// The integer parse agrees with Foundation's Gregorian calendar on every day from 1800 to
    /// 2200, and refuses what is not a real date.
    @Test func everyDayAgreesWithTheGregorianCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var date = calendar.date(from: DateComponents(year: 1800, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: 2200, month: 12, day: 31))!
        while date <= end {
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            guard Timestamp.date(text) == date else {
                Issue.record("\(text) parsed as \(String(describing: Timestamp.date(text)))")
                return
            }
            date = date.addingTimeInterval(86_400)
        }
        for bad in [
            "2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "2026-+1-01", "2026-1-01", "26-01-01", "2026/01/01",
        ] {
            #expect(Timestamp.date(bad) == nil, "\(bad)")
        }
        #expect(Timestamp.date("2024-02-29") != nil && Timestamp.date("2000-02-29") != nil)
    }
}
