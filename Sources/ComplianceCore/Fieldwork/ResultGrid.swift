import Foundation

/// A test's results entered as a grid (items down, attributes across) or pasted from a
/// spreadsheet, turned into the entries to record in one change. Only cells that say something
/// new become entries, so saving the grid again records nothing twice.
public enum ResultGrid {
    /// One cell of the grid as the form sent it: `value` is "pass", "fail" or empty (untouched).
    public struct Cell: Sendable, Hashable {
        public let item: Int
        public let attribute: Int
        public let value: String

        public init(item: Int, attribute: Int, value: String) {
            self.item = item
            self.attribute = attribute
            self.value = value
        }
    }

    /// The most pasted lines read at once: a sample is at most a few hundred items.
    public static let maxLines = 5_000

    /// The entries the grid and the pasted text ask for. The paste wins over the grid for a cell
    /// both name. A pasted line is `item`, then one value per attribute in the plan's order, then an
    /// optional note, separated by tabs (as a spreadsheet copies) or commas.
    public static func entries(cells: [Cell], notes: [Int: String], paste: String, for test: ControlTest) throws(DomainError) -> [ResultEntry] {
        var wanted: [Key: (passed: Bool, note: String)] = [:]
        for cell in cells where !cell.value.isEmpty {
            guard test.items.contains(cell.item), test.attributes.indices.contains(cell.attribute) else {
                throw .unprocessable("results", "row \(cell.item), column \(cell.attribute + 1) is not a cell of this test.")
            }
            guard let passed = Self.verdict(cell.value) else {
                throw .invalid("results", "row \(cell.item): '\(cell.value.prefix(20))' is not pass or fail.")
            }
            // A row's note explains its failures; a passing cell carries none.
            wanted[Key(item: cell.item, attribute: cell.attribute)] = (passed, passed ? "" : notes[cell.item] ?? "")
        }
        let lines = paste.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.count <= maxLines else { throw .invalid("paste", "paste at most \(maxLines) lines at a time.") }
        for (index, line) in lines.enumerated() {
            let columns = line.contains("\t") ? line.split(separator: "\t", omittingEmptySubsequences: false) : line.split(separator: ",")
            let fields = columns.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let item = Int(fields[0].trimmingCharacters(in: CharacterSet(charactersIn: "#"))), test.items.contains(item) else {
                throw .unprocessable("paste", "line \(index + 1): '\(fields[0].prefix(20))' is not a row of this test's sample.")
            }
            guard fields.count > test.attributes.count else {
                throw .invalid("paste", "line \(index + 1): give a value for each of the \(test.attributes.count) attributes after the row.")
            }
            let note = fields.count > test.attributes.count + 1 ? fields[(test.attributes.count + 1)...].joined(separator: ", ") : ""
            for attribute in test.attributes.indices {
                let raw = fields[attribute + 1]
                if raw.isEmpty { continue }
                guard let passed = Self.verdict(raw) else {
                    throw .invalid("paste", "line \(index + 1), column \(attribute + 2): '\(raw.prefix(20))' is not pass or fail.")
                }
                wanted[Key(item: item, attribute: attribute)] = (passed, passed ? "" : note.isEmpty ? notes[item] ?? "" : note)
            }
        }
        return wanted.sorted { ($0.key.item, $0.key.attribute) < ($1.key.item, $1.key.attribute) }.compactMap { key, value in
            let attribute = test.attributes[key.attribute]
            let current = test.results.first { $0.item == key.item && $0.attribute == attribute }
            if let current, current.passed == value.passed, current.note == value.note { return nil }
            return ResultEntry(item: key.item, attribute: attribute, passed: value.passed, note: value.note)
        }
    }

    private struct Key: Hashable {
        let item: Int
        let attribute: Int
    }

    /// What people type for a verdict: pass/fail, yes/no, ✓/✗, p/f, y/n, true/false, 1/0.
    static func verdict(_ raw: String) -> Bool? {
        switch raw.lowercased() {
        case "pass", "passed", "p", "yes", "y", "✓", "true", "1", "ok": true
        case "fail", "failed", "f", "no", "n", "✗", "x", "false", "0": false
        default: nil
        }
    }
}
