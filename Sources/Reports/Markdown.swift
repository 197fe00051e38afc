import ComplianceCore
import Foundation

/// Renders the Markdown that policies are written in to HTML: headings, paragraphs, lists, tables,
/// bold, italic and code. Everything else is text; raw HTML in a policy is escaped, never passed through,
/// because policy text is typed by users and shown to every employee.
public enum Markdown {
    public static func html(_ text: String) -> String {
        var out = ""
        var paragraph: [String] = []
        var list: (ordered: Bool, items: [String])?
        var table: [[String]] = []
        func flushParagraph() {
            if !paragraph.isEmpty { out += "<p>" + inline(paragraph.joined(separator: " ")) + "</p>\n" }
            paragraph = []
        }
        func flushList() {
            if let current = list {
                let tag = current.ordered ? "ol" : "ul"
                out += "<\(tag)>" + current.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>\n"
            }
            list = nil
        }
        func flushTable() {
            guard !table.isEmpty else { return }
            let rows = table.filter { row in !row.allSatisfy { $0.allSatisfy { "-: ".contains($0) } && !$0.isEmpty } }
            out += "<table>"
            for (index, row) in rows.enumerated() {
                let cell = index == 0 ? "th" : "td"
                out += "<tr>" + row.map { "<\(cell)>" + inline($0) + "</\(cell)>" }.joined() + "</tr>"
            }
            out += "</table>\n"
            table = []
        }
        func flushAll() {
            flushParagraph()
            flushList()
            flushTable()
        }

        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty {
                flushAll()
                continue
            }
            if line.hasPrefix("|") {
                flushParagraph()
                flushList()
                table.append(
                    line.trimmingCharacters(in: CharacterSet(charactersIn: "|")).split(separator: "|", omittingEmptySubsequences: false)
                        .map { String($0).trimmingCharacters(in: .whitespaces) })
                continue
            }
            flushTable()
            if let level = headingLevel(line) {
                flushAll()
                out += "<h\(level)>" + inline(String(line.dropFirst(level + 1))) + "</h\(level)>\n"
            } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
                flushParagraph()
                if list?.ordered == true { flushList() }
                list = (false, (list?.items ?? []) + [String(line.dropFirst(2))])
            } else if let dot = line.firstIndex(of: "."), dot != line.startIndex, line[..<dot].allSatisfy(\.isNumber),
                line[line.index(after: dot)...].hasPrefix(" ")
            {
                flushParagraph()
                if list?.ordered == false { flushList() }
                list = (true, (list?.items ?? []) + [String(line[line.index(dot, offsetBy: 2)...])])
            } else {
                flushList()
                paragraph.append(line)
            }
        }
        flushAll()
        return out
    }

    private static func headingLevel(_ line: String) -> Int? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...4).contains(hashes), line.dropFirst(hashes).hasPrefix(" ") else { return nil }
        return hashes
    }

    /// Escapes, then applies `code`, **bold** and *italic*, in that order.
    static func inline(_ text: String) -> String {
        var html = escape(text)
        html = html.replacing(/`([^`]+)`/) { "<code>\($0.output.1)</code>" }
        html = html.replacing(/\*\*([^*]+)\*\*/) { "<strong>\($0.output.1)</strong>" }
        html = html.replacing(/(^|[^\w*])\*([^*\s][^*]*)\*(?![\w*])/) { "\($0.output.1)<em>\($0.output.2)</em>" }
        return html
    }

    public static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }
}
