import Foundation

/// The wording of the report's fixed parts, written for Attest. A firm may replace any of them
/// (paragraphs separated by blank lines, `{{variables}}` as listed in `variables`).
public enum ReportTemplates {
    public static let names = [
        "section1.scope", "section1.responsibilities", "section1.limitations", "section1.tests",
        "opinion.unmodified", "opinion.qualified", "opinion.adverse", "opinion.disclaimer",
        "section2.assertion", "soc3.summary", "bridge_letter",
    ]

    public static let variables = [
        "service_organization", "system", "firm", "period", "report_type", "operating", "operated", "standard", "categories", "criteria_count",
        "controls_count", "bridge_end", "period_end",
    ]

    public static let defaults: [String: String] = [
        "section1.scope": """
        We have examined {{service_organization}}'s description of its {{system}} (Section III) {{period}}, and the suitability of the design{{operating}} of the controls stated in the description to provide reasonable assurance that {{service_organization}}'s service commitments and system requirements were achieved based on the trust services criteria relevant to {{categories}}.

        We conducted our examination in accordance with {{standard}}. Those standards require that we plan and perform the examination to obtain reasonable assurance about whether, in all material respects, the description is presented in accordance with the description criteria and the controls were suitably designed{{operated}}.
        """,
        "section1.responsibilities": """
        {{service_organization}} is responsible for its service commitments and system requirements, for designing, implementing and operating effective controls within the system, for the description and for its assertion in Section II. Our responsibility is to express an opinion on the description and on the design{{operating}} of the controls, based on our examination. We are required to be independent of {{service_organization}} and to meet our other ethical responsibilities.
        """,
        "section1.limitations": """
        The description is prepared to meet the common needs of a broad range of report users and may not include every aspect of the system that each user may consider important. Because of their nature, controls may not always operate effectively, and projecting any evaluation to future periods is subject to the risk that controls become inadequate because conditions change.
        """,
        "section1.tests": """
        Section IV lists the tests of controls we performed and their results. Every exception we found is disclosed there, with management's response in Section V where one was given.
        """,
        "opinion.unmodified": """
        In our opinion, in all material respects, the description presents the {{system}} {{period}} in accordance with the description criteria, and the controls stated in the description were suitably designed{{operated}} to provide reasonable assurance that {{service_organization}}'s service commitments and system requirements were achieved based on the applicable trust services criteria.
        """,
        "opinion.qualified": """
        In our opinion, except for the effects of the matters described in the basis for qualified opinion, in all material respects, the description presents the {{system}} {{period}} in accordance with the description criteria, and the controls stated in the description were suitably designed{{operated}} to provide reasonable assurance that {{service_organization}}'s service commitments and system requirements were achieved based on the applicable trust services criteria.
        """,
        "opinion.adverse": """
        In our opinion, because of the significance of the matters described in the basis for adverse opinion, the controls stated in the description were not suitably designed{{operated}} to provide reasonable assurance that {{service_organization}}'s service commitments and system requirements were achieved based on the applicable trust services criteria. Users should not rely on these controls.
        """,
        "opinion.disclaimer": """
        Because of the matter described in the basis for disclaimer of opinion, we were not able to obtain sufficient appropriate evidence to provide a basis for an opinion, and we do not express an opinion on the description or on the design{{operating}} of the controls.
        """,
        "section2.assertion": """
        We have prepared the description of {{service_organization}}'s {{system}} (Section III) {{period}} in accordance with the description criteria. The description is intended to give users information about the system that may be useful when assessing the risks arising from interactions with it.

        We confirm, to the best of our knowledge and belief, that the description presents the system fairly {{period}}, and that the controls stated in it were suitably designed{{operated}} to provide reasonable assurance that our service commitments and system requirements were achieved based on the trust services criteria relevant to {{categories}}.
        """,
        "soc3.summary": """
        {{firm}} examined {{service_organization}}'s assertion that the controls within its {{system}} were effective {{period}} to provide reasonable assurance that its service commitments and system requirements were achieved based on the trust services criteria relevant to {{categories}}. The examination was performed in accordance with {{standard}}.

        This report is intended for general use. It does not list the tests performed or their results; those appear in the SOC 2 report, which {{service_organization}} provides to customers under a non-disclosure agreement.
        """,
        "bridge_letter": """
        This letter covers the period from {{period_end}} to {{bridge_end}}, between the end of the period of our most recent SOC 2 {{report_type}} report on the {{system}}, issued by {{firm}}, and the date above.

        We are not aware of any material changes to the system or its controls during this period other than those described below, and we are not aware of any deficiencies that would have changed the opinion expressed in that report.

        User entities remain responsible for the complementary user entity controls described in the report. This letter is a representation by management; no service auditor has examined the period it covers.
        """,
    ]

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
        _ = try TemplateText.fill(text, with: Dictionary(uniqueKeysWithValues: variables.map { ($0, "") }), field: "text")
    }

    static func paragraphs(_ text: String) -> [String] {
        text.components(separatedBy: "\n\n").map { $0.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
            .filter { !$0.isEmpty }
    }
}
