import ComplianceCore
import Foundation
import Plot

/// People and access: the reconciliation's exceptions first (what an auditor would raise), then
/// the access review's items, each system's newest listing, and the roster.
public enum PeoplePage {
    public struct Model: Sendable {
        public let organization: Organization
        public let people: [Person]
        public let findings: [AccessFinding]
        public let listings: [AccountListing]
        public let today: Day

        public init(organization: Organization, people: [Person], findings: [AccessFinding], listings: [AccountListing], today: Day) {
            self.organization = organization
            self.people = people
            self.findings = findings
            self.listings = listings
            self.today = today
        }
    }

    static func label(_ kind: AccessFinding.Kind) -> String {
        switch kind {
        case .activeAfterTermination: "Leaver with access"
        case .disabledLate: "Removed late"
        case .unowned: "No owner"
        case .privileged: "Privileged"
        case .dormant: "Dormant"
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        let slug = model.organization.slug.description
        let exceptions = model.findings.filter(\.kind.isException)
        let review = model.findings.filter { !$0.kind.isException }
        let staff = model.people.filter(\.kind.isPerson)
        let leavers = staff.filter { $0.hasLeft(by: model.today) }
        return Shell.page(shell, title: "People and access") {
            H1("People and access")
            Paragraph(
                "\(staff.count) people on the roster (\(leavers.count) have left), \(model.people.count - staff.count) shared inboxes and service accounts, \(model.listings.count) systems listed. Each leaver's access is held to the end of their last day plus 24 hours."
            ).class("lede")
            Node<Any>.raw(
                Charts.bars(
                    AccessFinding.Kind.allCases.map { kind in (label(kind), model.findings.filter { $0.kind == kind }.count) },
                    title: "Findings by kind"))
            H2("Exceptions")
            if exceptions.isEmpty {
                Paragraph("No leaver holds access, none was removed late, and every active account has an owner.").class("hint")
            } else {
                findingTable(exceptions, slug: slug, id: "exceptions")
            }
            if !review.isEmpty {
                H2("For the access review")
                findingTable(review, slug: slug, id: "review")
            }
            H2("Systems")
            if model.listings.isEmpty {
                Paragraph("No system is listed yet: run a collector, or `attest access import --system NAME FILE`.").class("hint")
            }
            Markup.tag("table", ["class": "list", "id": "systems"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") { for h in ["System", "Listed", "Accounts", "Active", "Source"] { Markup.tag("th") { Text(h) } } }
                }
                Markup.tag("tbody") {
                    for listing in model.listings {
                        Markup.tag("tr") {
                            Markup.tag("td") { Text(listing.system) }
                            Markup.tag("td") { Markup.time(listing.takenAt) }
                            Markup.tag("td") { Text("\(listing.accounts.count)") }
                            Markup.tag("td") { Text("\(listing.accounts.filter { $0.disabledAt == nil }.count)") }
                            Markup.tag("td") {
                                Text(listing.source)
                                Paragraph("\(listing.query) · SHA-256 \(listing.digest.prefix(16))…").class("hint")
                            }
                        }
                    }
                }
            }
            H2("Roster")
            Markup.tag("table", ["class": "list", "id": "roster"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for h in ["Name", "Type", "Department", "Manager", "Started", "Last day"] { Markup.tag("th") { Text(h) } }
                    }
                }
                Markup.tag("tbody") {
                    for person in model.people {
                        Markup.tag("tr", person.hasLeft(by: model.today) ? ["class": "retired"] : [:]) {
                            Markup.tag("td") {
                                Link(person.name, url: "/orgs/\(slug)/people/\(person.email)")
                                Paragraph(person.email + (person.title.isEmpty ? "" : " · \(person.title)")).class("hint")
                            }
                            Markup.tag("td") { Text(person.kind.rawValue.replacingOccurrences(of: "_", with: " ")) }
                            Markup.tag("td") { Text(person.department) }
                            Markup.tag("td") { Text(person.manager ?? "") }
                            Markup.tag("td") { Text(person.startDate.map(Markup.readable) ?? "") }
                            Markup.tag("td") { Text(person.endDate.map(Markup.readable) ?? "") }
                        }
                    }
                }
            }
        }
    }

    static func findingTable(_ findings: [AccessFinding], slug: String, id: String) -> any Component {
        Markup.tag("table", ["class": "list", "id": id]) {
            Markup.tag("thead") {
                Markup.tag("tr") {
                    for h in ["Finding", "Person", "System", "Account", "Last day", "Disabled", "Hours late"] { Markup.tag("th") { Text(h) } }
                }
            }
            Markup.tag("tbody") {
                for finding in findings {
                    Markup.tag("tr", finding.kind.isException ? ["class": "attention"] : [:]) {
                        Markup.tag("td") {
                            Text(label(finding.kind))
                            Paragraph(finding.detail).class("hint")
                        }
                        Markup.tag("td") {
                            if let person = finding.person { Link(person, url: "/orgs/\(slug)/people/\(person)") } else { Text("nobody") }
                        }
                        Markup.tag("td") { Text(finding.system) }
                        Markup.tag("td") { Text(finding.account) }
                        Markup.tag("td") { Text(finding.terminatedOn.map(Markup.readable) ?? "") }
                        Markup.tag("td") {
                            if let disabled = finding.disabledAt { Markup.time(disabled) } else { Text("still active") }
                        }
                        Markup.tag("td") { Text(finding.hoursLate.map(String.init) ?? "") }
                    }
                }
            }
        }
    }
}
