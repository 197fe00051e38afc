import ComplianceCore
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads the first sheet of a workbook as rows of text. Hostile input: not a ZIP, not a workbook,
/// oversized parts (a "zip bomb") and broken XML all give a clear error.
public enum XLSXReader {
    /// No part of a request list comes near this once unpacked.
    static let maxPartSize: UInt64 = 32 << 20

    public static func rows(_ data: Data) throws(DomainError) -> [[String]] {
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw .invalid("file", "this is not an XLSX spreadsheet (an XLSX file is a ZIP archive; this file does not start like one).")
        }
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw .invalid("file", "the spreadsheet's ZIP structure is damaged (\(error)).")
        }
        let workbook = try part(archive, "xl/workbook.xml", required: true)!
        let relationships = try part(archive, "xl/_rels/workbook.xml.rels", required: true)!
        let firstSheet = try XMLElements.parse(workbook, part: "xl/workbook.xml").first { $0.name == "sheet" }
        guard let relationID = firstSheet?.attributes["r:id"] ?? firstSheet?.attributes.first(where: { $0.key.hasSuffix(":id") })?.value else {
            throw .invalid("file", "the workbook lists no sheets.")
        }
        let target = try XMLElements.parse(relationships, part: "xl/_rels/workbook.xml.rels")
            .first { $0.name == "Relationship" && $0.attributes["Id"] == relationID }?.attributes["Target"]
        guard let target else { throw .invalid("file", "the workbook's first sheet has no part.") }
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        var shared: [String] = []
        if let strings = try part(archive, "xl/sharedStrings.xml", required: false) { shared = try SharedStrings.parse(strings) }
        return try SheetCells.parse(try part(archive, sheetPath, required: true)!, shared: shared)
    }

    private static func part(_ archive: Archive, _ path: String, required: Bool) throws(DomainError) -> Data? {
        guard let entry = archive[path] else {
            if required { throw .invalid("file", "this ZIP file is not a spreadsheet: it has no \(path).") }
            return nil
        }
        guard entry.uncompressedSize <= maxPartSize else { throw .invalid("file", "\(path) unpacks to more than 32 MiB; refusing it.") }
        var out = Data()
        do {
            _ = try archive.extract(entry) { chunk in
                out.append(chunk)
                if out.count > maxPartSize { throw DomainError.invalid("file", "\(path) unpacks to more than 32 MiB; refusing it.") }
            }
        } catch let error as DomainError {
            throw error
        } catch {
            throw .invalid("file", "cannot unpack \(path) from the spreadsheet (\(error)).")
        }
        guard !SafeXML.hasDocumentType(out) else {
            throw .invalid("file", "\(path) declares a document type (<!DOCTYPE>); spreadsheets have none, so it is refused.")
        }
        return out
    }
}

/// A flat list of XML elements with their attributes (enough for workbook and relationship parts).
enum XMLElements {
    struct Element {
        let name: String
        let attributes: [String: String]
    }

    static func parse(_ data: Data, part: String) throws(DomainError) -> [Element] {
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [Element] = []
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                elements.append(Element(name: name.split(separator: ":").last.map(String.init) ?? name, attributes: attributes))
            }
        }
        let collector = Collector()
        let parser = SafeXML.parser(data)
        parser.delegate = collector
        guard parser.parse() else { throw .invalid("file", "\(part) is not well-formed XML (line \(parser.lineNumber)).") }
        return collector.elements
    }
}

/// `xl/sharedStrings.xml`: the text of every `<si>`, rich-text runs joined.
enum SharedStrings {
    static func parse(_ data: Data) throws(DomainError) -> [String] {
        final class Collector: NSObject, XMLParserDelegate {
            var strings: [String] = []
            var current = ""
            var inText = false, inPhonetic = false
            func parser(
                _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]
            ) {
                switch name {
                case "si": current = ""
                case "t": inText = true
                case "rPh": inPhonetic = true
                default: break
                }
            }
            func parser(_ parser: XMLParser, foundCharacters string: String) {
                if inText && !inPhonetic { current += string }
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
                switch name {
                case "si": strings.append(current)
                case "t": inText = false
                case "rPh": inPhonetic = false
                default: break
                }
            }
        }
        let collector = Collector()
        let parser = SafeXML.parser(data)
        parser.delegate = collector
        guard parser.parse() else { throw .invalid("file", "xl/sharedStrings.xml is not well-formed XML (line \(parser.lineNumber)).") }
        return collector.strings
    }
}

/// A worksheet's cells, placed by their `r` reference so that skipped empty cells keep columns aligned.
/// References come from the file, so they are bounded before they are used: a row number outside
/// 1…1,048,576 or a column past XFD (Excel's own limits) is refused by name, never turned into an
/// index (`<row r="0">` once stopped the server).
enum SheetCells {
    static let maxRows = 100_000
    static let maxColumns = 200
    static let maxCells = 500_000

    static func parse(_ data: Data, shared: [String]) throws(DomainError) -> [[String]] {
        let collector = SheetCollector(shared: shared)
        let parser = SafeXML.parser(data)
        parser.delegate = collector
        let ok = parser.parse()
        if let failure = collector.failure { throw failure }
        guard ok else { throw .invalid("file", "the worksheet is not well-formed XML (line \(parser.lineNumber)).") }
        guard let lastRow = collector.rows.keys.max() else { return [] }
        var out: [[String]] = []
        out.reserveCapacity(lastRow + 1)
        for r in 0...lastRow {
            let cells = collector.rows[r] ?? [:]
            let width = (cells.keys.max() ?? -1) + 1
            out.append((0..<width).map { cells[$0] ?? "" })
        }
        return out
    }
}

/// Collects cells while checking every reference; the first problem aborts the parse.
private final class SheetCollector: NSObject, XMLParserDelegate {
    let shared: [String]
    var rows: [Int: [Int: String]] = [:]
    var failure: DomainError?
    private var rowIndex = -1, column = -1, cellCount = 0
    private var type = "", value = "", collecting = false

    init(shared: [String]) { self.shared = shared }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:])
    {
        switch name {
        case "row":
            // A row without `r` follows the previous one, as the format says.
            if let reference = attributes["r"] {
                guard let number = Int(reference), (1...1_048_576).contains(number) else {
                    return fail(parser, "a row is numbered '\(reference.prefix(24))'; row numbers run from 1 to 1,048,576.")
                }
                rowIndex = number - 1
            } else {
                rowIndex += 1
            }
            guard rowIndex < SheetCells.maxRows else { return fail(parser, "the sheet has more than 100,000 rows.") }
            column = -1
        case "c":
            guard rowIndex >= 0 else { return fail(parser, "a cell stands outside any row.") }
            type = attributes["t"] ?? "n"
            value = ""
            if let reference = attributes["r"] {
                guard let index = CellReference.column(reference) else {
                    return fail(
                        parser, "row \(rowIndex + 1) has a cell named '\(reference.prefix(24))', which is not a cell reference (A1 to XFD1048576).")
                }
                column = index
            } else {
                column += 1
            }
            guard column < SheetCells.maxColumns else { return fail(parser, "row \(rowIndex + 1) has more than 200 columns.") }
            cellCount += 1
            guard cellCount <= SheetCells.maxCells else { return fail(parser, "the sheet has more than 500,000 cells.") }
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t": collecting = false
        case "c":
            guard rowIndex >= 0, column >= 0 else { return }
            var text = value
            if type == "s" {
                guard let index = Int(value), shared.indices.contains(index) else {
                    return fail(parser, "cell \(XLSXWriter.columnName(column))\(rowIndex + 1) refers to a missing shared string.")
                }
                text = shared[index]
            } else if type == "b" {
                text = value == "1" ? "TRUE" : "FALSE"
            }
            rows[rowIndex, default: [:]][column] = text
        default: break
        }
    }

    private func fail(_ parser: XMLParser, _ message: String) {
        guard failure == nil else { return }
        failure = .invalid("file", message)
        parser.abortParsing()
    }
}

/// A cell reference such as `B7` or `$AA$12`: its zero-based column, or nil when it is not one.
enum CellReference {
    /// XFD, the last column of a sheet, is 16,384.
    static let lastColumn = 16_384

    static func column(_ reference: String) -> Int? {
        var letters = 0
        var number = 0
        var digits = 0
        for scalar in reference.unicodeScalars {
            switch scalar.value {
            case 36 where digits == 0: continue  // "$" marks an absolute reference
            case 65...90 where digits == 0:
                letters += 1
                guard letters <= 3 else { return nil }
                number = number * 26 + Int(scalar.value - 64)
            case 48...57:
                digits += 1
                guard digits <= 7 else { return nil }
            default: return nil
            }
        }
        guard letters > 0, number <= lastColumn else { return nil }
        return number - 1
    }
}

/// XMLParser set up for files from outside. `XLSXReader.part` has already refused any part with a
/// document type (no Office part has one, and a DTD is how entity-expansion bombs get in).
enum SafeXML {
    static func parser(_ data: Data) -> XMLParser {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        return parser
    }

    static func hasDocumentType(_ data: Data) -> Bool {
        data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!doctype".utf8)) != nil
    }
}
