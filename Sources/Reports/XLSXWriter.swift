import ComplianceCore
import Foundation
import ZIPFoundation

/// A sheet as people expect to edit it: each column with its width and its kind (text, wrapped
/// text or a real date), the header frozen and filterable, and drop-down lists where a column
/// takes one of a few values.
public struct XLSXSheet: Sendable {
    public enum Kind: Sendable { case text, wrapped, date }

    public struct Column: Sendable {
        public let name: String
        /// In characters, as spreadsheets measure it.
        public let width: Double
        public let kind: Kind
        /// The values a drop-down offers (and the sheet checks on entry); nil for free text.
        public let choices: [String]?

        public init(_ name: String, width: Double, kind: Kind = .text, choices: [String]? = nil) {
            self.name = name
            self.width = width
            self.kind = kind
            self.choices = choices
        }
    }

    public let name: String
    public let columns: [Column]
    /// Data rows, without the header (which comes from the columns).
    public let rows: [[String]]

    public init(name: String, columns: [Column], rows: [[String]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// Plain columns sized to their content (10 to 60 characters), for tables with no spec of their own.
    public init(name: String, table: [[String]]) {
        let header = table.first ?? []
        let body = Array(table.dropFirst())
        let columns = header.enumerated().map { index, title in
            let longest = ([title] + body.map { index < $0.count ? $0[index] : "" }).map { $0.split(separator: "\n").map(\.count).max() ?? 0 }.max()
            let width = Double(min(60, max(10, (longest ?? 0) + 2)))
            return Column(title, width: width, kind: width >= 60 ? .wrapped : .text)
        }
        self.init(name: name, columns: columns, rows: body)
    }
}

/// The smallest valid Office Open XML workbook for one sheet: header in bold and frozen, an
/// autofilter over the table, column widths, wrapped long text, dates as date cells and list
/// validation. LibreOffice, Excel and openpyxl open it; `XLSXReader` reads it and what they save back.
public enum XLSXWriter {
    public static func workbook(sheet name: String, rows: [[String]]) throws -> Data {
        try workbook(XLSXSheet(name: name, table: rows))
    }

    public static func workbook(_ sheet: XLSXSheet) throws -> Data {
        let archive = try Archive(accessMode: .create)
        let parts: [(String, String)] = [
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbookXML(sheet)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
            ("xl/worksheets/sheet1.xml", sheetXML(sheet)),
        ]
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    /// Style indexes in `styles`: 1 the bold header, 2 a date, 3 wrapped text.
    static let headerStyle = 1, dateStyle = 2, wrappedStyle = 3

    /// Rows a drop-down list covers below the header: the table and room to add to it.
    static let validatedRows = 1000

    /// Day 0 of the 1900 date system as spreadsheets count it (1899-12-30), in days since 1970.
    static let serialOffset: Int64 = 25_569

    static func sheetXML(_ sheet: XLSXSheet) -> String {
        let lastColumn = columnName(max(0, sheet.columns.count - 1))
        let lastRow = sheet.rows.count + 1
        var out = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        out += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        out += #"<dimension ref="A1:\#(lastColumn)\#(lastRow)"/>"#
        // The header stays in view while scrolling.
        out +=
            #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
        if !sheet.columns.isEmpty {
            out += "<cols>"
            for (index, column) in sheet.columns.enumerated() {
                out += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(column.width)" customWidth="1"/>"#
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        out += #"<row r="1">"#
        for (c, column) in sheet.columns.enumerated() { out += textCell(c, 1, column.name, style: headerStyle) }
        out += "</row>"
        for (r, row) in sheet.rows.enumerated() {
            out += #"<row r="\#(r + 2)">"#
            for (c, value) in row.enumerated() {
                let kind = c < sheet.columns.count ? sheet.columns[c].kind : .text
                if kind == .date, let day = Day(value) {
                    out += #"<c r="\#(columnName(c))\#(r + 2)" s="\#(dateStyle)"><v>\#(day.daysSinceEpoch + serialOffset)</v></c>"#
                } else {
                    out += textCell(c, r + 2, value, style: kind == .wrapped ? wrappedStyle : nil)
                }
            }
            out += "</row>"
        }
        out += "</sheetData>"
        out += #"<autoFilter ref="A1:\#(lastColumn)\#(lastRow)"/>"#
        let lists = sheet.columns.enumerated().filter { $0.element.choices != nil }
        if !lists.isEmpty {
            out += #"<dataValidations count="\#(lists.count)">"#
            for (index, column) in lists {
                let name = columnName(index)
                out +=
                    #"<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="\#(escape(column.name))" error="Choose one of the listed values." sqref="\#(name)2:\#(name)\#(validatedRows + 1)"><formula1>"\#(escape((column.choices ?? []).joined(separator: ",")))"</formula1></dataValidation>"#
            }
            out += "</dataValidations>"
        }
        return out + "</worksheet>"
    }

    static func textCell(_ column: Int, _ row: Int, _ value: String, style: Int?) -> String {
        let s = style.map { #" s="\#($0)""# } ?? ""
        return #"<c r="\#(columnName(column))\#(row)" t="inlineStr"\#(s)><is><t xml:space="preserve">\#(escape(value))</t></is></c>"#
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let rem = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rem))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML text escaping; characters XML 1.0 forbids (most C0 controls) are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func workbookXML(_ sheet: XLSXSheet) -> String {
        let name = escape(String(sheet.name.prefix(31)))
        let range = "$A$1:$\(columnName(max(0, sheet.columns.count - 1)))$\(sheet.rows.count + 1)"
        // The filter's range is named as Excel names it, so Excel shows the filter buttons too.
        return
            #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\#(name)" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'\#(name.replacingOccurrences(of: "'", with: "''"))'!\#(range)</definedName></definedNames></workbook>"#
    }

    static let contentTypes =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
    static let rootRelationships =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    static let workbookRelationships =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#
    static let styles =
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
}
