import ComplianceCore
import Foundation
import Plot

/// One person's accounts in every system, against the end of their last day: the joined timeline
/// an auditor compares for each sampled leaver, drawn and tabled.
public enum PersonAccessPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let person: Person
        public let accounts: [AccessTimelineEntry]
        public let deadlineHours: Int

        public init(organization: Organization, person: Person, accounts: [AccessTimelineEntry], deadlineHours: Int = AccessRules().deadlineHours) {
            self.organization = organization
            self.person = person
            self.accounts = accounts
            self.deadlineHours = deadlineHours
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let person = model.person
        return Shell.page(shell, title: person.name) {
            H1(person.name)
            Paragraph(
                [person.email, person.kind.rawValue.replacingOccurrences(of: "_", with: " "), person.department, person.title]
                    .filter { !$0.isEmpty }.joined(separator: " · ")
            ).class("lede")
            Paragraph(
                "Started \(person.startDate.map(Markup.readable) ?? "(no date)")"
                    + (person.endDate.map {
                        "; last day \(Markup.readable($0)), so access should end by \(model.deadlineHours) hours after that day closes."
                    }
                        ?? "; still employed.")
                    + (person.manager.map { " Manager: \($0)." } ?? ""))
            if person.endDate != nil, !model.accounts.isEmpty {
                Node<Any>.raw(
                    Charts.leaverTimeline(model.accounts, deadlineHours: model.deadlineHours, title: "\(person.name)'s access after their last day"))
            }
            H2("Accounts")
            if model.accounts.isEmpty { Paragraph("No listed system has an account of this person.").class("hint") }
            Markup.tag("table", ["class": "list", "id": "accounts"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for h in ["System", "Account", "Created", "Disabled", "Hours after the last day", "Listed"] { Markup.tag("th") { Text(h) } }
                    }
                }
                Markup.tag("tbody") {
                    for entry in model.accounts {
                        let late = person.endDate != nil && (entry.disabledAt == nil || (entry.hoursAfterTermination ?? 0) > model.deadlineHours)
                        Markup.tag("tr", late ? ["class": "attention"] : [:]) {
                            Markup.tag("td") { Text(entry.system) }
                            Markup.tag("td") { Text(entry.account) }
                            Markup.tag("td") { if let created = entry.createdAt { Markup.time(created) } }
                            Markup.tag("td") { if let disabled = entry.disabledAt { Markup.time(disabled) } else { Text("active") } }
                            Markup.tag("td") { Text(entry.hoursAfterTermination.map(String.init) ?? "") }
                            Markup.tag("td") { Markup.time(entry.listingTakenAt) }
                        }
                    }
                }
            }
            Paragraph { Link("People and access", url: "/orgs/\(model.organization.slug)/people") }
        }
    }
}

extension Charts {
    /// Each account as a bar from the end of the last day to its disable time, against the
    /// deadline (dashed); an account still active runs off the right edge. Green within the
    /// deadline, red past it.
    public static func leaverTimeline(_ accounts: [AccessTimelineEntry], deadlineHours: Int, title: String) -> String {
        let width = 560
        let left = 150
        let row = 26
        let top = 22
        let plot = width - left - 70
        let known = accounts.compactMap(\.hoursAfterTermination)
        let span = max(deadlineHours * 3, (known.max() ?? 0) + 12)
        let low = min(0, known.min() ?? 0)
        func x(_ hours: Int) -> Int { left + plot * (hours - low) / max(1, span - low) }
        let height = top + accounts.count * row + 20
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 \(width) \(height)\" class=\"chart\" aria-label=\"\(escape(title))\"><title>\(escape(title))</title>"
        svg += "<line x1=\"\(x(0))\" y1=\"\(top - 6)\" x2=\"\(x(0))\" y2=\"\(height - 16)\" class=\"grid\"/>"
        svg += "<text x=\"\(x(0))\" y=\"12\" class=\"axis\">last day ends</text>"
        svg += "<line x1=\"\(x(deadlineHours))\" y1=\"\(top - 6)\" x2=\"\(x(deadlineHours))\" y2=\"\(height - 16)\" class=\"today\"/>"
        svg += "<text x=\"\(x(deadlineHours) + 4)\" y=\"\(height - 4)\" class=\"axis\">deadline \(deadlineHours) h</text>"
        for (index, entry) in accounts.enumerated() {
            let y = top + index * row
            svg += "<text x=\"0\" y=\"\(y + 15)\" class=\"label\">\(escape(entry.system))</text>"
            if let hours = entry.hoursAfterTermination {
                let start = min(x(0), x(hours))
                let kind = hours > deadlineHours ? "poor" : "good"
                svg += "<rect x=\"\(start)\" y=\"\(y + 3)\" width=\"\(max(3, abs(x(hours) - x(0))))\" height=\"16\" rx=\"3\" class=\"bar \(kind)\"/>"
                svg += "<text x=\"\(max(x(hours), x(0)) + 6)\" y=\"\(y + 15)\" class=\"value\">\(hours) h</text>"
            } else {
                svg += "<rect x=\"\(x(0))\" y=\"\(y + 3)\" width=\"\(left + plot - x(0))\" height=\"16\" rx=\"3\" class=\"bar poor\"/>"
                svg += "<text x=\"\(left + plot + 6)\" y=\"\(y + 15)\" class=\"value\">active</text>"
            }
        }
        return svg + "</svg>"
    }
}
