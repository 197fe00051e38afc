import ComplianceCore
import Plot

/// The organisation's change log, newest first.
public enum EventsPage {
    public struct Model: Sendable {
        public let organization: Organization
        public let events: [ChangeEvent]
        public let nextBefore: Int64?
        public let chainProblems: [String]
        /// Who each actor is, by its stored form (`user:<uuid>` → a name).
        public let names: [String: String]

        public init(organization: Organization, events: [ChangeEvent], nextBefore: Int64?, chainProblems: [String], names: [String: String] = [:]) {
            self.organization = organization
            self.events = events
            self.nextBefore = nextBefore
            self.chainProblems = chainProblems
            self.names = names
        }
    }

    public static func render(_ model: Model, shell: Shell.Model) -> String {
        Shell.page(shell, title: "Event log") {
            H1("Event log")
            Paragraph("Every change in \(model.organization.name), each linked to the one before by its SHA-256 hash.").class("lede")
            if model.chainProblems.isEmpty {
                Markup.flash("The hash chain is intact.")
            } else {
                Markup.flash("The hash chain is broken: " + model.chainProblems.prefix(5).joined(separator: "; "), kind: "error")
            }
            table(model.events, names: model.names, emptyText: "No events yet.")
            if let before = model.nextBefore {
                Link("Older events", url: "/orgs/\(model.organization.slug)/events?before=\(before)")
            }
        }
    }

    static func table(_ events: [ChangeEvent], names: [String: String], emptyText: String) -> any Component {
        guard !events.isEmpty else { return Paragraph(emptyText) }
        return Div {
            Markup.tag("table") {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        for heading in ["#", "Time", "Who", "Entity", "Action", "State SHA-256"] {
                            Markup.tag("th", ["scope": "col"]) { Text(heading) }
                        }
                    }
                }
                Markup.tag("tbody") {
                    for event in events {
                        Markup.tag("tr") {
                            Markup.tag("td") { Text(String(event.sequence)) }
                            Markup.tag("td") { Markup.time(event.occurredAt) }
                            Markup.tag("td", ["title": event.actor.description]) { Text(names[event.actor.description] ?? event.actor.description) }
                            Markup.tag("td") { Text("\(event.entityType) \(event.entityID.prefix(8))") }
                            Markup.tag("td") { Text(event.action) }
                            Markup.tag("td", ["class": "mono"]) { Text(String(event.stateDigest.prefix(16)) + "…") }
                        }
                    }
                }
            }
        }.class("table-wrap")
    }
}
