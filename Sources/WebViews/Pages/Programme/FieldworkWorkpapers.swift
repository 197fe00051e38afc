import ComplianceCore
import Foundation
import Plot

/// Populations, samples and walkthroughs, each with its sign-offs and the buttons to sign it.
extension FieldworkPage {
    static func workpapers(_ model: Model, base: String) -> any Component {
        Div {
            H2("Populations")
            rows(
                ["Population", "Rows", "SHA-256", "Source and query", "Completeness and accuracy", "Sign-off"],
                model.populations.map { population in
                    (
                        [
                            "\(population.name) v\(population.version)", "\(population.scan.rows)", String(population.scan.sha256.prefix(16)) + "…",
                            "\(population.sourceSystem): \(population.extractionQuery)", population.completenessProcedure,
                            signature(population.signoffs, people: model.people),
                        ], signButtons(model, kind: "population", id: population.id, signoffs: population.signoffs, base: base)
                    )
                },
                empty: "No population frozen yet.")
            H2("Samples")
            rows(
                ["Control", "Proposed size", "Drawn", "Rows", "Sign-off"],
                model.samples.map { sample in
                    (
                        [
                            "\(sample.control)", sample.proposal.basis,
                            "\(sample.draw.method.rawValue), seed \(sample.draw.seed), \(sample.allSelected.count) items\(sample.extensions.isEmpty ? "" : " (extended)")",
                            sample.selectedRowsText,
                            signature(sample.signoffs, people: model.people),
                        ], signButtons(model, kind: "sample", id: sample.id, signoffs: sample.signoffs, base: base)
                    )
                },
                empty: "No sample drawn yet.")
            H2("Walkthroughs")
            rows(
                ["Control", "Date", "Participants", "Design", "Sign-off"],
                model.walkthroughs.map { walkthrough in
                    (
                        [
                            walkthrough.control, "\(walkthrough.date)", walkthrough.participants.joined(separator: ", "),
                            "\(walkthrough.design.rawValue): \(walkthrough.reason)", signature(walkthrough.signoffs, people: model.people),
                        ], signButtons(model, kind: "walkthrough", id: walkthrough.id, signoffs: walkthrough.signoffs, base: base)
                    )
                },
                empty: "No walkthrough recorded yet.")
        }
    }

    /// A table whose rows end with their actions (sign-off buttons for the auditor).
    static func rows(_ headings: [String], _ rows: [(cells: [String], actions: any Component)], empty: String) -> any Component {
        guard !rows.isEmpty else { return Paragraph(empty) }
        return Markup.tag("table", ["class": "list"]) {
            Markup.tag("thead") { Markup.tag("tr") { for heading in headings + [""] { Markup.tag("th") { Text(heading) } } } }
            Markup.tag("tbody") {
                for row in rows {
                    Markup.tag("tr") {
                        for cell in row.cells { Markup.tag("td") { Text(cell) } }
                        Markup.tag("td") { row.actions }
                    }
                }
            }
        }
    }

    /// What still stands between the engagement and its report, for the auditor at the top of the page.
    static func blockers(_ model: Model) -> any Component {
        guard model.isAuditor, !model.blockers.isEmpty else { return EmptyComponent() }
        return Markup.tag("details", ["class": "card blockers"]) {
            Markup.tag("summary") { Text("Before the report can be issued (\(model.blockers.count))") }
            List(model.blockers) { Text($0) }.class("problems")
        }
    }
}
