import ComplianceCore
import Crypto
import Foundation

/// The report in OSCAL 1.1.2 JSON: the catalog of our criteria, a component definition of the
/// organisation's controls, and the engagement's assessment results. UUIDs are derived from
/// stable names (version-5 layout from SHA-256), so the same report gives the same documents.
public enum OSCALExport {
    public enum Model: String, Sendable, CaseIterable {
        case catalog
        case componentDefinition = "component-definition"
        case assessmentResults = "assessment-results"

        public static func parse(_ text: String?) throws(DomainError) -> Model {
            guard let text else { return .assessmentResults }
            guard let model = Model(rawValue: text) else {
                throw .invalid("model", "'\(text.prefix(30))' is not catalog, component-definition or assessment-results.")
            }
            return model
        }
    }

    public static let version = "1.1.2"
    public static let catalogHref = "attest-tsc-catalog.json"

    /// One OSCAL document from a report version as it was built: a final report's OSCAL says exactly
    /// what its HTML says, whatever changed in the engagement since.
    public static func document(_ model: Model, report: ReportDocument, catalog: Catalog) throws -> Data {
        let root: [String: Any]
        switch model {
        case .catalog: root = ["catalog": self.catalog(catalog, at: report.generatedAt)]
        case .componentDefinition: root = ["component-definition": componentDefinition(report)]
        case .assessmentResults: root = ["assessment-results": assessmentResults(report)]
        }
        return try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }

    static func metadata(_ title: String, at date: Date, version: String) -> [String: Any] {
        ["title": title, "last-modified": timestamp(date), "version": version, "oscal-version": Self.version]
    }

    static func catalog(_ catalog: Catalog, at date: Date) -> [String: Any] {
        let groups = catalog.groups.map { group -> [String: Any] in
            let controls = catalog.criteria.filter { $0.group == group.id }.map { criterion -> [String: Any] in
                var parts: [[String: Any]] = [["id": "\(criterion.id)_smt", "name": "statement", "prose": criterion.summary]]
                if !criterion.pointsOfFocus.isEmpty {
                    parts.append(["id": "\(criterion.id)_gdn", "name": "guidance", "prose": criterion.pointsOfFocus.joined(separator: "\n")])
                }
                return [
                    "id": criterion.id, "class": "tsc-criterion", "title": criterion.title,
                    "props": [
                        ["name": "label", "value": criterion.id], ["name": "category", "ns": namespace, "value": criterion.category.rawValue],
                    ],
                    "parts": parts,
                ]
            }
            return ["id": group.id, "class": "tsc-group", "title": group.title, "controls": controls]
        }.filter { !(($0["controls"] as? [Any])?.isEmpty ?? true) }
        return [
            "uuid": uuid("catalog/\(catalog.id)/\(catalog.version)"), "metadata": metadata(catalog.name, at: date, version: catalog.version),
            "groups": groups,
        ]
    }

    static func componentDefinition(_ report: ReportDocument) -> [String: Any] {
        let controls = Dictionary(report.controls.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let requirements = report.criteria.compactMap { criterion -> [String: Any]? in
            let meeting = criterion.controls.compactMap { controls[$0] }
            guard !meeting.isEmpty else { return nil }
            return [
                "uuid": uuid("component/\(report.organization)/\(criterion.id)"), "control-id": criterion.id,
                "description": meeting.map { "\($0.key) \($0.title): \($0.description)" }.joined(separator: "\n"),
                "props": meeting.map { ["name": "implemented-by", "ns": namespace, "value": $0.key] },
            ]
        }
        let component: [String: Any] = [
            "uuid": uuid("component/\(report.organization)/\(report.engagementID)"), "type": "service",
            "title": report.systemName, "description": nonEmpty(report.services, "The system in scope."),
            "control-implementations": [
                [
                    "uuid": uuid("implementation/\(report.organization)/\(report.engagementID)"), "source": catalogHref,
                    "description": "\(report.organizationName)'s controls for the trust services criteria in scope.",
                    "implemented-requirements": requirements,
                ]
            ],
        ]
        return [
            "uuid": uuid("component-definition/\(report.organization)/\(report.engagementID)/v\(report.version)"),
            "metadata": metadata("\(report.organizationName): \(report.systemName) controls", at: report.generatedAt, version: "\(report.version)"),
            "components": [component],
        ]
    }

    static func assessmentResults(_ report: ReportDocument) -> [String: Any] {
        let start = report.periodStart ?? report.asOf ?? Day(report.generatedAt)
        let end = report.periodEnd ?? report.asOf ?? Day(report.generatedAt)
        let controls = Dictionary(report.controls.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var observations = [[String: Any]]()
        for row in report.controls where row.tested != nil {
            observations.append([
                "uuid": uuid("observation/\(report.engagementID)/\(row.key)"), "title": "\(row.key) \(row.title)",
                "description": "\(row.procedures.joined(separator: " ")) Items tested: \(row.tested ?? 0). \(row.result ?? "")",
                "methods": ["TEST"], "collected": timestamp(report.generatedAt),
            ])
            for (index, exception) in row.exceptions.enumerated() {
                observations.append([
                    "uuid": uuid("exception/\(report.engagementID)/\(row.key)/\(index)"), "title": "Exception in \(row.key)",
                    "description":
                        "\(exception.description) Cause: \(exception.cause). \(exception.count) of \(exception.of); \(exception.evaluation.rawValue).",
                    "methods": ["TEST"], "types": ["finding"], "collected": timestamp(report.generatedAt),
                ])
            }
        }
        // A Type 1 report has no results per criterion: it is assessed on design, so no findings are claimed.
        let findings = report.criteria.compactMap { criterion -> [String: Any]? in
            guard let result = criterion.result else { return nil }
            let state = result == .met || result == .metWithExceptions ? "satisfied" : "not-satisfied"
            let tested = criterion.controls.compactMap { controls[$0] }.filter { $0.tested != nil }
            var finding: [String: Any] = [
                "uuid": uuid("finding/\(report.engagementID)/\(criterion.id)"),
                "title": "\(criterion.id): \(result.rawValue.replacingOccurrences(of: "_", with: " "))",
                "description": tested.isEmpty
                    ? "No control was tested for this criterion." : tested.map { "\($0.key): \($0.result ?? "")" }.joined(separator: "; "),
                "target": [
                    "type": "objective-id", "target-id": criterion.id, "status": ["state": state],
                    "props": [["name": "result", "ns": namespace, "value": result.rawValue]],
                ],
            ]
            if !tested.isEmpty {
                finding["related-observations"] = tested.map { ["observation-uuid": uuid("observation/\(report.engagementID)/\($0.key)")] }
            }
            return finding
        }
        var result: [String: Any] = [
            "uuid": uuid("result/\(report.engagementID)/v\(report.version)"), "title": report.title,
            "description": "\(report.opinion.title) by \(report.firmName) on \(report.organizationName), \(report.periodLabel).",
            "start": timestamp(start.date), "end": timestamp(end.adding(days: 1).date.addingTimeInterval(-1)),
            "props": [["name": "opinion", "ns": namespace, "value": report.opinion.kind.rawValue]],
            "reviewed-controls": ["control-selections": [["include-controls": report.criteria.map { ["control-id": $0.id] }]]],
        ]
        if !observations.isEmpty { result["observations"] = observations }
        if !findings.isEmpty { result["findings"] = findings }
        return [
            "uuid": uuid("assessment-results/\(report.engagementID)/v\(report.version)"),
            "metadata": metadata(report.title, at: report.generatedAt, version: "\(report.version)"),
            "import-ap": ["href": "#\(uuid("assessment-plan/\(report.engagementID)"))"], "results": [result],
        ]
    }

    static let namespace = "https://attest.dev/ns/oscal"

    static func nonEmpty(_ text: String, _ fallback: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? fallback : text
    }

    /// A name-based UUID with the version-5 layout (SHA-256 instead of SHA-1, truncated).
    static func uuid(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.hex
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20)]
        return parts.joined(separator: "-")
    }

    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
