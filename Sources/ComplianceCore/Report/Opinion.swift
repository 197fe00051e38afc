import Foundation

/// The service auditor's opinion, derived from the criteria's conclusions, never typed by hand.
///
/// - disclaimer: the auditor recorded a scope limitation (evidence could not be obtained);
/// - adverse: criteria not met are pervasive (a quarter or more of those in scope, at least three);
/// - qualified: some criteria not met, not pervasive;
/// - unmodified: every criterion met; exceptions that did not defeat a criterion are still disclosed.
public struct Opinion: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case unmodified, qualified, adverse, disclaimer
    }

    public let kind: Kind
    /// The basis for a modified opinion, one sentence per criterion not met or limitation.
    public let basis: [String]

    public static func derive(conclusions: [CriterionConclusion], exceptions: [String: [String]], scopeLimitation: String?) -> Opinion {
        if let limitation = scopeLimitation?.trimmed, !limitation.isEmpty {
            return Opinion(kind: .disclaimer, basis: [limitation])
        }
        let notMet = conclusions.filter { $0.result == .notMet }
        guard !notMet.isEmpty else { return Opinion(kind: .unmodified, basis: []) }
        let basis = notMet.map { conclusion in
            let failing = conclusion.controls.filter { $0.conclusion == .notEffective }.map(\.control)
            // Each exception is a sentence of its own; inside the parentheses it loses its full stop.
            let details = failing.flatMap { exceptions[$0] ?? [] }.map { $0.trimmed.hasSuffix(".") ? String($0.trimmed.dropLast()) : $0.trimmed }
            return
                "\(conclusion.criterion) was not met: \(failing.isEmpty ? "its controls" : "control\(failing.count == 1 ? "" : "s") \(failing.joined(separator: ", "))") did not operate effectively"
                + (details.isEmpty ? "." : " (\(details.joined(separator: "; "))).")
        }
        let pervasive = notMet.count >= max(3, (conclusions.count + 3) / 4)
        return Opinion(kind: pervasive ? .adverse : .qualified, basis: basis)
    }

    public var title: String {
        switch kind {
        case .unmodified: "Unmodified opinion"
        case .qualified: "Qualified opinion"
        case .adverse: "Adverse opinion"
        case .disclaimer: "Disclaimer of opinion"
        }
    }
}

/// `{{name}}` substitution for report templates; an unknown name is refused with its line.
public enum TemplateText {
    public static func fill(_ text: String, with values: [String: String], field: String = "template") throws(DomainError) -> String {
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw .invalid(field, "line \(line(of: open.lowerBound, in: text)): '{{' is never closed.")
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else {
                throw .invalid(
                    field,
                    "line \(line(of: open.lowerBound, in: text)): unknown variable '{{\(name.prefix(40))}}' (known: \(values.keys.sorted().joined(separator: ", ")))."
                )
            }
            output += value
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    private static func line(of index: String.Index, in text: String) -> Int {
        text[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }
}
