import Foundation

/// The wording of the report's fixed parts, written for Attest. A firm may replace any of them
/// (paragraphs separated by blank lines, `{{variables}}` as listed in `variables`).
public enum ReportTemplates {
    public static let names = [
        "section1.addressee", "section1.scope", "section1.carve_out", "section1.inclusive", "section1.user_entity_controls",
        "section1.responsibilities", "section1.auditor", "section1.operating_test", "section1.limitations", "section1.tests",
        "opinion.unmodified", "opinion.qualified", "opinion.adverse", "opinion.disclaimer", "opinion.description", "opinion.design",
        "opinion.operating", "section1.restricted_use", "section1.signature", "section2.assertion", "section2.carve_out", "section2.inclusive",
        "section2.user_entity_controls", "section2.confirm", "soc3.summary", "soc3.assertion", "soc3.opinion.unmodified",
        "soc3.opinion.qualified", "soc3.opinion.adverse", "soc3.opinion.disclaimer", "bridge_letter", "section4.test_types", "section4.sampling",
        "section4.ipe",
    ]

    public static let variables = [
        "service_organization", "system", "firm", "period", "report_type", "operating", "operated", "standard", "categories", "criteria_count",
        "controls_count", "bridge_start", "bridge_end", "period_end", "period_during", "or_operated", "that_period", "design_end",
        "complementary", "complementary_operated", "tests_clause", "designed_implemented", "operating_test", "subservice", "subservice_service",
        "report_date",
    ]

    /// Attest's own wording, one file per template in `Resources/report-templates/` (prose is kept
    /// out of Swift strings so that it reads, diffs and reviews as text).
    public static let defaults: [String: String] = Dictionary(
        uniqueKeysWithValues: names.compactMap { name in
            guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources/report-templates"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else { return nil }
            return (name, text.trimmingCharacters(in: .newlines))
        })

    /// The template in force: the firm's own when it has one, else ours.
    public static func text(_ name: String, overrides: [String: String]) -> String {
        overrides[name] ?? defaults[name] ?? ""
    }

    /// Checks a replacement before a firm saves it: known name, known variables, sane length.
    public static func validate(name: String, text: String) throws(DomainError) {
        guard names.contains(name) else {
            throw .invalid("name", "'\(name.prefix(40))' is not a report template (\(names.joined(separator: ", "))).")
        }
        guard !text.trimmed.isEmpty, text.count <= 20_000 else { throw .invalid("text", "write 1 to 20,000 characters.") }
        // A variable that names nothing is a rule beyond the text's shape: refused as unprocessable.
        do { _ = try TemplateText.fill(text, with: Dictionary(uniqueKeysWithValues: variables.map { ($0, "") }), field: "text") } catch {
            throw DomainError(.unprocessable, code: error.code, error.message)
        }
    }

    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
            .filter { !$0.isEmpty }
    }
}
