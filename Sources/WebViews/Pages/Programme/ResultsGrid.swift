import ComplianceCore
import Foundation
import Plot

/// The auditor's results grid for one test: items down, attributes across, a verdict per cell and
/// a note per item, or rows pasted from a spreadsheet; one save records every changed cell.
enum ResultsGrid {
    /// - Parameter sample: the test's sample, whose recorded keys are shown beside the row numbers.
    static func form(_ test: ControlTest, sample: Sample?, engagement id: String, base: String, csrf: String) -> any Component {
        Markup.tag(
            "form", ["method": "post", "action": "\(base)/results", "class": "stack results-grid", "id": "grid-\(test.id.uuidString.lowercased())"]
        ) {
            Markup.csrf(csrf)
            Markup.void("input", [("type", "hidden"), ("name", "engagement"), ("value", id)])
            Markup.void("input", [("type", "hidden"), ("name", "test"), ("value", test.id.uuidString.lowercased())])
            Markup.tag("table", ["class": "list matrix"]) {
                Markup.tag("thead") {
                    Markup.tag("tr") {
                        Markup.tag("th") { Text(sample?.keys == nil ? "Row" : "Row · key") }
                        for attribute in test.attributes { Markup.tag("th") { Text(attribute) } }
                        Markup.tag("th") { Text("Note (required when a cell fails)") }
                    }
                }
                Markup.tag("tbody") {
                    for item in test.items {
                        Markup.tag("tr") {
                            Markup.tag("th", ["scope": "row"]) {
                                Text("\(item)")
                                if let key = sample?.key(of: item) { Markup.tag("span", ["class": "key"]) { Text(" · \(key)") } }
                            }
                            for (index, attribute) in test.attributes.enumerated() {
                                // Recorded verdicts keep the matrix's colours: a failed cell stands out.
                                let recorded = test.results.first { $0.item == item && $0.attribute == attribute }
                                Markup.tag("td", ["class": recorded.map { $0.passed ? "pass" : "fail" } ?? "untested"]) {
                                    cell(test, item: item, index: index, attribute: attribute)
                                }
                            }
                            Markup.tag("td") {
                                Markup.void(
                                    "input",
                                    [
                                        ("type", "text"), ("name", "n:\(item)"), ("value", note(test, item: item)),
                                        ("aria-label", "Note for row \(item)"), ("maxlength", "2000"),
                                    ])
                            }
                        }
                    }
                }
            }
            Markup.tag("details") {
                Markup.tag("summary") { Text("Paste rows from a spreadsheet") }
                Paragraph(
                    "One line per row: the row number, then pass or fail for each attribute in order (\(test.attributes.joined(separator: ", "))), then an optional note; columns separated by tabs, as a spreadsheet copies them, or commas."
                ).class("hint")
                Markup.tag("textarea", ["name": "paste", "rows": "6", "aria-label": "Pasted rows"]) {}
            }
            Button("Save results").attribute(named: "type", value: "submit").class("primary")
        }
    }

    /// A verdict select: untouched, pass or fail, showing what is recorded.
    private static func cell(_ test: ControlTest, item: Int, index: Int, attribute: String) -> any Component {
        let recorded = test.results.first { $0.item == item && $0.attribute == attribute }.map { $0.passed ? "pass" : "fail" } ?? ""
        return Markup.tag("select", ["name": "r:\(item):\(index)", "aria-label": "Row \(item), \(attribute)"]) {
            for (value, label) in [("", "·"), ("pass", "✓ pass"), ("fail", "✗ fail")] {
                if value == recorded {
                    Markup.tag("option", ["value": value, "selected": "selected"]) { Text(label) }
                } else {
                    Markup.tag("option", ["value": value]) { Text(label) }
                }
            }
        }
    }

    private static func note(_ test: ControlTest, item: Int) -> String {
        test.results.first { $0.item == item && !$0.note.isEmpty }?.note ?? ""
    }
}
