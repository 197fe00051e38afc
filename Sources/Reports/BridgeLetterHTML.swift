import ComplianceCore
import Foundation

/// A bridge letter as a one-page HTML document, printed on the organisation's behalf.
public enum BridgeLetterHTML {
    public static func render(organizationName: String, date: Day, paragraphs: [String], changes: [String], signatory: String, position: String)
        -> String
    {
        let e = Markdown.escape
        let changeList = changes.isEmpty ? "<p>No changes to report.</p>" : "<ul>" + changes.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Bridge letter, \(e(organizationName)), \(date)</title>
            <meta name="attest-report" content="bridge_letter">
            <style>body { font: 11pt/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2433; max-width: 44rem; margin: 2.5rem auto; padding: 0 1rem; }
            h1 { font-size: 18pt; } .signature { margin-top: 2.5rem; border-top: 1px solid #c8ceda; padding-top: .5rem; } @page { size: A4; margin: 20mm; }</style>
            </head><body>
            <p>\(e(organizationName)) · \(date)</p>
            <h1>Bridge letter</h1>
            \(paragraphs.map { "<p>\(e($0))</p>" }.joined(separator: "\n"))
            <h2>Changes since the report's period</h2>
            \(changeList)
            <p class="signature">Signed for \(e(organizationName)) by \(e(signatory)), \(e(position)).</p>
            </body></html>
            """
    }
}
