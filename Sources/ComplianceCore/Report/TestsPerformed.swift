import Foundation

/// Section IV's "tests performed" and "results" columns for one control, in the words a service
/// auditor uses: what was done (the control library's step for each method of the test plan, in
/// the past tense), on how many items out of how large a population, which attributes each item
/// was checked for, what was done over the information the entity produced (IPE), and each
/// deviation with its rate. The auditor's internal evaluation and the cause stay in the workpapers;
/// management's response is printed in Section V.
public enum TestsPerformed {
    /// One control's tests as sentences.
    public static func describe(
        _ test: ControlTest, control: ProgrammeControl, sample: Sample?, population: Population?
    ) -> [String] {
        var sentences: [String] = []
        for method in test.procedures {
            let step = control.procedures.first { $0.method == method }?.step
            sentences.append(step.map(pastTense) ?? fallback(method))
        }
        if let sample, let population {
            let method =
                switch sample.draw.method {
                case .random: "selected at random"
                case .systematic: "selected systematically from a random start"
                case .manual: "selected by the auditor's judgement"
                }
            let extended = sample.extensions.isEmpty ? "" : ", extended after a deviation"
            sentences.append(
                "Sample: \(count(test.items.count, "item")) \(method)\(extended) from a population of \(population.scan.rows) (\(population.name))."
            )
        } else {
            sentences.append("Tested: \(count(test.items.count, "instance")) of the control's operation.")
        }
        sentences.append("Attributes checked for each: \(test.attributes.joined(separator: "; ")).")
        return sentences
    }

    /// What the auditor did to rely on a population the entity produced.
    public static func ipe(_ population: Population) -> String {
        let procedure = population.completenessProcedure.trimmed
        return
            "Information produced by the entity: the population \(population.name) (\(count(population.scan.rows, "row"))) was obtained from \(population.sourceSystem.trimmed) (\(population.extractionQuery.trimmed)); its completeness and accuracy were tested as follows: \(procedure)\(procedure.hasSuffix(".") ? "" : ".")"
    }

    /// The result column: no exceptions, or each deviation with how often it occurred.
    public static func result(tested: Bool, exceptions: [ReportDocument.ExceptionRow]) -> String {
        guard tested else { return "Not tested." }
        guard !exceptions.isEmpty else { return "No exceptions noted." }
        return exceptions.map { exception in
            let text = exception.description.trimmed
            return
                "Exception noted: \(text)\(text.hasSuffix(".") ? "" : ".") This occurred in \(exception.count) of the \(count(exception.of, "item")) tested."
        }.joined(separator: " ")
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    /// The verbs the control library's steps use, in the past tense a report reads in.
    static let verbs: [String: String] = [
        "inspect": "inspected", "ask": "asked", "observe": "observed", "trigger": "triggered", "submit": "submitted", "scan": "scanned",
        "recompute": "recomputed", "interview": "interviewed", "attempt": "attempted", "compare": "compared", "confirm": "confirmed",
        "check": "checked", "trace": "traced", "verify": "verified", "select": "selected", "review": "reviewed", "reperform": "reperformed",
        "inquire": "inquired", "examine": "examined", "read": "read", "run": "ran", "obtain": "obtained", "query": "queried",
        "recalculate": "recalculated", "follow": "followed", "test": "tested", "watch": "watched", "try": "tried", "match": "matched",
    ]

    /// "For sampled hires, inspect the check and compare its date." becomes "For sampled hires,
    /// inspected the check and compared its date." Only a verb where an imperative stands changes
    /// (first, after a comma, after "and" or "then"), so "the scan" or "test results" stay nouns.
    static func pastTense(_ step: String) -> String {
        var words = step.trimmed.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for (index, word) in words.enumerated() {
            if index > 0 {
                let before = words[index - 1]
                guard before.hasSuffix(",") || ["and", "then"].contains(before.lowercased()) else { continue }
            }
            let letters = word.prefix { $0.isLetter }
            guard let past = verbs[letters.lowercased()] else { continue }
            let rest = word.dropFirst(letters.count)
            let capitalised = letters.first?.isUppercase == true
            words[index] = (capitalised ? past.prefix(1).uppercased() + past.dropFirst() : past) + rest
        }
        let sentence = words.joined(separator: " ")
        return sentence.hasSuffix(".") ? sentence : sentence + "."
    }

    static func fallback(_ method: TestMethod) -> String {
        switch method {
        case .inquiry: "Inquired of the control owner about how the control operates."
        case .observation: "Observed the control being performed."
        case .inspection: "Inspected the records the control produces."
        case .reperformance: "Reperformed the control independently."
        }
    }
}
