import ComplianceCore
import Foundation

extension Charts {
    /// A control's coverage calendar: one square per day, a column per week (Monday at the top),
    /// coloured by what the monitors found; a gap is an outlined empty square, so it reads as
    /// missing rather than as a colour. Each square's title names the day and its state.
    public static func coverage(_ calendar: CoverageCalendar, title: String) -> String {
        let cell = 12
        let step = cell + 3
        let left = 28
        let top = 16
        // Monday = 0: 1 January 1970 was a Thursday.
        func weekday(_ day: Day) -> Int { Int((day.daysSinceEpoch + 3) % 7 + 7) % 7 }
        let firstMonday = calendar.start.adding(days: -weekday(calendar.start))
        let weeks = firstMonday.days(until: calendar.end) / 7 + 1
        let width = max(left + weeks * step + 28, left + 5 * 78 + 90)
        let height = top + 7 * step + 26
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\" class=\"chart calendar\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        for (row, name) in [(0, "Mon"), (2, "Wed"), (4, "Fri")] {
            svg += "<text x=\"0\" y=\"\(top + row * step + cell - 2)\" class=\"axis\">\(name)</text>"
        }
        var lastMonth = ""
        for entry in calendar.days {
            let column = firstMonday.days(until: entry.day) / 7
            let x = left + column * step
            let y = top + weekday(entry.day) * step
            let month = String(entry.day.written(short: true).split(separator: " ")[1])
            if month != lastMonth {
                svg += "<text x=\"\(x)\" y=\"10\" class=\"axis\">\(month)</text>"
                lastMonth = month
            }
            let label = "\(entry.day): \(Self.stateLabel(entry.state))" + (entry.runs > 0 ? " (\(entry.runs) run\(entry.runs == 1 ? "" : "s"))" : "")
            svg +=
                "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" class=\"day \(entry.state.rawValue)\"><title>\(escape(label))</title></rect>"
        }
        var x = left
        for state in [CoverageCalendar.DayState.healthy, .atRisk, .failing, .error, .gap] {
            svg += "<rect x=\"\(x)\" y=\"\(top + 7 * step + 8)\" width=\"\(cell)\" height=\"\(cell)\" rx=\"2\" class=\"day key \(state.rawValue)\"/>"
            svg += "<text x=\"\(x + cell + 4)\" y=\"\(top + 7 * step + 18)\" class=\"axis\">\(Self.stateLabel(state))</text>"
            x += 78
        }
        return svg + "</svg>"
    }

    static func stateLabel(_ state: CoverageCalendar.DayState) -> String {
        switch state {
        case .healthy: "healthy"
        case .atRisk: "at risk"
        case .failing: "failing"
        case .error: "error"
        case .gap: "not watched"
        case .future: "to come"
        }
    }
}
