import ComplianceCore
import Foundation

extension Charts {
    /// Horizontal bars of scores from 0 to 1, labelled as percentages.
    public static func scores(_ rows: [(String, Double)], title: String) -> String {
        let width = 380
        let rowHeight = 28
        let labelWidth = 160
        let barSpace = width - labelWidth - 50
        let height = rows.count * rowHeight + 8
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" class=\"chart\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        for (index, row) in rows.enumerated() {
            let y = index * rowHeight + 4
            let value = min(1, max(0, row.1))
            let barWidth = Int(Double(barSpace) * value)
            let tone = value >= 0.85 ? "good" : value >= 0.5 ? "fair" : "poor"
            svg += "<text x=\"0\" y=\"\(y + 18)\" class=\"label\">\(escape(row.0))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(barSpace)\" height=\"18\" rx=\"3\" class=\"track\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 4)\" width=\"\(max(barWidth, 2))\" height=\"18\" rx=\"3\" class=\"bar \(tone)\"/>"
            svg += "<text x=\"\(labelWidth + barSpace + 6)\" y=\"\(y + 18)\" class=\"value\">\(Int((value * 100).rounded()))%</text>"
        }
        return svg + "</svg>"
    }

    /// A line of readiness over time (0 to 100%), one point per snapshot.
    public static func trend(_ points: [(Date, Double)], title: String) -> String {
        let width = 420
        let height = 180
        let left = 36
        let right = 12
        let top = 12
        let bottom = 28
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" class=\"chart trend\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        for percent in [0, 50, 100] {
            let y = top + plotHeight - plotHeight * percent / 100
            svg += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - right)\" y2=\"\(y)\" class=\"grid\"/>"
            svg += "<text x=\"0\" y=\"\(y + 4)\" class=\"axis\">\(percent)%</text>"
        }
        guard let first = points.first?.0, let last = points.last?.0 else {
            return svg + "<text x=\"\(left + 8)\" y=\"\(top + plotHeight / 2)\" class=\"axis\">No snapshots yet</text></svg>"
        }
        let span = max(1, last.timeIntervalSince(first))
        let coordinates = points.map { point -> (Int, Int) in
            let x = left + (points.count == 1 ? plotWidth / 2 : Int(Double(plotWidth) * point.0.timeIntervalSince(first) / span))
            let y = top + plotHeight - Int(Double(plotHeight) * min(1, max(0, point.1)))
            return (x, y)
        }
        svg += "<polyline class=\"line\" fill=\"none\" points=\"\(coordinates.map { "\($0.0),\($0.1)" }.joined(separator: " "))\"/>"
        for (index, coordinate) in coordinates.enumerated() {
            svg +=
                "<circle cx=\"\(coordinate.0)\" cy=\"\(coordinate.1)\" r=\"3\" class=\"dot\"><title>\(Day(points[index].0)): \(Int((points[index].1 * 100).rounded()))%</title></circle>"
        }
        svg += "<text x=\"\(left)\" y=\"\(height - 6)\" class=\"axis\">\(Day(first))</text>"
        svg += "<text x=\"\(width - right)\" y=\"\(height - 6)\" class=\"axis\" text-anchor=\"end\">\(Day(last))</text>"
        return svg + "</svg>"
    }

    /// The engagement's phases as a Gantt chart, with a marker for today.
    public static func timeline(_ timeline: Timeline, today: Day, title: String) -> String {
        let width = 640
        let rowHeight = 26
        let labelWidth = 170
        let right = 10
        let top = 8
        let height = timeline.phases.count * rowHeight + top + 26
        let start = timeline.start
        let end = timeline.end
        let days = max(1, start.days(until: end) + 1)
        let plotWidth = width - labelWidth - right
        func x(_ day: Day) -> Int { labelWidth + plotWidth * start.days(until: day) / days }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" class=\"chart timeline\" aria-label=\"\(escape(title))\">"
        svg += "<title>\(escape(title))</title>"
        for (index, phase) in timeline.phases.enumerated() {
            let y = top + index * rowHeight
            let barStart = x(phase.start)
            let barEnd = max(x(phase.end.adding(days: 1)), barStart + 3)
            svg += "<text x=\"0\" y=\"\(y + 16)\" class=\"label\">\(escape(phase.kind.displayName))</text>"
            svg +=
                "<rect x=\"\(barStart)\" y=\"\(y + 4)\" width=\"\(barEnd - barStart)\" height=\"16\" rx=\"3\" class=\"bar phase-\(phase.kind.rawValue)\"><title>\(escape(phase.kind.displayName)): \(phase.start) to \(phase.end)</title></rect>"
        }
        let axisY = top + timeline.phases.count * rowHeight + 16
        svg += "<text x=\"\(labelWidth)\" y=\"\(axisY)\" class=\"axis\">\(start)</text>"
        svg += "<text x=\"\(width - right)\" y=\"\(axisY)\" class=\"axis\" text-anchor=\"end\">\(end)</text>"
        if today >= start && today <= end {
            let tx = x(today)
            svg +=
                "<line x1=\"\(tx)\" y1=\"\(top)\" x2=\"\(tx)\" y2=\"\(axisY - 12)\" class=\"today\"/><text x=\"\(tx + 3)\" y=\"\(axisY)\" class=\"axis\">today</text>"
        }
        return svg + "</svg>"
    }
}
