import ComplianceCore
import Foundation

/// A policy version as a standalone, printable HTML document (the source of its PDF).
public enum PolicyDocument {
    public static func html(_ policy: Policy, version: PolicyVersion, organization: String) -> String {
        let e = Markdown.escape
        let approved =
            version.approvedAt.map {
                "approved by \(e(version.approver ?? "")) on \(Day($0))"
                    + (version.selfApproval.map { ", its author, under the small-team rule (\(e($0)))" } ?? "")
            } ?? "not yet approved"
        let published = version.publishedAt.map { "published \(Day($0))" } ?? version.status.displayName.lowercased()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(e(policy.title)) v\(version.number), \(e(organization))</title>
            <style>
            body { font: 11pt/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d2433; max-width: 46rem; margin: 2rem auto; }
            h1 { font-size: 20pt; margin-bottom: .2rem; } h2 { font-size: 13pt; margin-top: 1.4rem; border-bottom: 1px solid #d6dbe4; }
            table { border-collapse: collapse; margin: .6rem 0; } th, td { border: 1px solid #c8ceda; padding: .25rem .5rem; text-align: left; vertical-align: top; }
            .meta { color: #555f73; font-size: 9.5pt; border: 1px solid #d6dbe4; padding: .5rem .75rem; border-radius: 4px; }
            @page { margin: 18mm; }
            </style></head><body>
            <p class="meta">\(e(organization)) · \(e(policy.title)) · version \(version.number) · \(published) · \(approved) · owner \(e(policy.owner)) ·
            criteria \(e(policy.criteria.joined(separator: ", ")))\(policy.reviewDue.map { " · next review \($0)" } ?? "")</p>
            \(Markdown.html(version.body))
            <p class="meta">Change note: \(e(version.changeNote))</p>
            </body></html>
            """
    }
}
