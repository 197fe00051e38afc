import ComplianceCore
import Foundation
import Plot

/// One collector run: what started it, what it asked, what broke, and every check's verdict with
/// its findings' evidence.
public enum CollectorRunPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let run: CollectorRun
        public let titles: [String: String]

        public init(organization: Organization, run: CollectorRun, titles: [String: String]) {
            self.organization = organization
            self.run = run
            self.titles = titles
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let run = model.run
        let slug = model.organization.slug
        let counts = CheckStatus.allCases.map { status in
            (status.rawValue.replacingOccurrences(of: "_", with: " "), run.checks.filter { $0.status == status }.count)
        }
        return Shell.page(shell, title: "Collector run") {
            H1("\(run.connector.uppercased()) \(run.account)" + (run.demo ? " (demo data)" : ""))
            Markup.tag("table", ["class": "compact"]) {
                Markup.tag("tbody") {
                    row("Started") { Markup.time(run.startedAt) }
                    row("Took") { Text(String(format: "%.1f s", run.duration)) }
                    row("Started by") { Text(run.startedBy) }
                    row("Connector") { Text("\(run.connector) \(run.connectorVersion)") }
                    row("Regions") { Text(run.regions.joined(separator: ", ")) }
                    row("API calls") { Text("\(run.callCount), \(run.calls.reduce(0) { $0 + $1.retries }) retried") }
                }
            }
            Node<Any>.raw(Charts.bars(counts, title: "Checks by verdict"))
            if !run.errors.isEmpty {
                H2("What could not be looked at")
                List(run.errors) { ListItem($0) }
            }
            H2("Checks")
            Markup.tag("table", ["class": "list"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["Check", "Verdict", "Resources", "Failing", "Evidence"] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for check in run.checks {
                        Markup.tag("tr", check.status == .fail ? ["class": "attention"] : [:]) {
                            Markup.tag("td") {
                                Text(check.check)
                                if let title = model.titles[check.check] { Paragraph(title).class("hint") }
                            }
                            Markup.tag("td") {
                                Text(check.status.rawValue.replacingOccurrences(of: "_", with: " "))
                                if let reason = check.reason { Paragraph(reason).class("hint") }
                            }
                            Markup.tag("td") { Text("\(check.resources)") }
                            Markup.tag("td") { Text("\(check.failing)") }
                            Markup.tag("td") {
                                if let id = check.evidenceID {
                                    Link("Findings", url: "/orgs/\(slug)/evidence/\(id.uuidString.lowercased())")
                                }
                            }
                        }
                    }
                }
            }
            if !run.listings.isEmpty {
                H2("Listings")
                Markup.tag("table", ["class": "list"]) {
                    Markup.tag("tbody") {
                        for listing in run.listings {
                            Markup.tag("tr") {
                                Markup.tag("td") { Link(listing.title, url: "/orgs/\(slug)/evidence/\(listing.evidenceID.uuidString.lowercased())") }
                                Markup.tag("td") {
                                    Text(
                                        "\(listing.rows) rows"
                                            + (listing.sourceCount.map {
                                                " · the source counts \($0)" + ($0 == listing.rows ? " (complete)" : " (incomplete)")
                                            } ?? ""))
                                }
                            }
                        }
                    }
                }
            }
            Paragraph { Link("All monitors", url: "/orgs/\(slug)/monitors") }
        }
    }

    static func row(_ label: String, @ComponentBuilder _ value: @escaping () -> ComponentGroup) -> any Component {
        Markup.tag("tr") {
            Markup.tag("th") { Text(label) }
            Markup.tag("td", [:], value)
        }
    }
}
