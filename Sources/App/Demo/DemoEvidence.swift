import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases

/// A realistic body of evidence for the demo's Acme Cloud: populations, configurations and
/// documents, some current and some past their renewal date.
enum DemoEvidence {
    struct Piece {
        let title: String
        let file: String
        let criteria: [String]
        let controls: [String]
        let frequency: Frequency
        /// Days before today that the evidenced period ended; large numbers make it stale.
        let endedDaysAgo: Int
        let spanDays: Int
        let method: String?
        let content: String
        let status: EvidenceStatus
    }

    static let pieces: [Piece] = [
        Piece(
            title: "Quarterly user access review", file: "access-review.csv", criteria: ["CC6.2", "CC6.3"], controls: ["ACC-04"],
            frequency: .quarterly, endedDaysAgo: 20, spanDays: 90, method: "SELECT email, role, last_login FROM users WHERE active",
            content:
                "email,role,last_login,reviewer_decision\nolivia@acme.example,owner,2026-11-20,keep\nadam@acme.example,admin,2026-11-21,keep\nerin@acme.example,engineer,2026-11-19,keep\nsam@acme.example,sales,2026-08-02,remove\n",
            status: .approved),
        Piece(
            title: "Terminated employees and access removal", file: "terminations.csv", criteria: ["CC6.2"], controls: ["ACC-03"],
            frequency: .quarterly, endedDaysAgo: 130, spanDays: 90, method: "HR system export, terminations in period",
            content: "employee,termination_date,access_removed\nj.doe,2026-05-03,2026-05-03\nk.lee,2026-06-14,2026-06-15\n", status: .ready),
        Piece(
            title: "Production database backup log", file: "backups.txt", criteria: ["A1.2"], controls: ["BCP-01"],
            frequency: .monthly, endedDaysAgo: 3, spanDays: 30, method: "aws rds describe-db-snapshots --db-instance-identifier prod",
            content: (1...30).map { "2026-11-\(String(format: "%02d", min($0, 28))) 02:00Z snapshot prod-\($0) completed 41.2 GiB" }.joined(
                separator: "\n") + "\n",
            status: .ready),
        Piece(
            title: "Disaster recovery test report", file: "dr-test.txt", criteria: ["A1.3", "CC7.5"], controls: ["BCP-05"],
            frequency: .annual, endedDaysAgo: 400, spanDays: 1, method: nil,
            content:
                "DR test 2025-10-15: restored prod snapshot into us-west-2 in 47 minutes (RTO 4 h). Data loss 6 minutes (RPO 1 h). Findings: runbook step 7 outdated; fixed.\n",
            status: .flagged),
        Piece(
            title: "Vulnerability scan summary", file: "vuln-scan.json", criteria: ["CC7.1"], controls: ["OPS-01"],
            frequency: .monthly, endedDaysAgo: 45, spanDays: 1, method: "scanner export, all production hosts",
            content: "{\"scan_date\":\"2026-10-14\",\"hosts\":42,\"critical\":0,\"high\":2,\"medium\":11,\"remediated_within_sla\":true}\n",
            status: .notReady),
        Piece(
            title: "Security awareness training completions", file: "training.csv", criteria: ["CC1.4", "CC2.2"], controls: ["HR-03"],
            frequency: .annual, endedDaysAgo: 60, spanDays: 365, method: "LMS completion report",
            content:
                "employee,course,completed\nolivia,Security basics 2026,2026-02-01\nadam,Security basics 2026,2026-02-03\nerin,Security basics 2026,2026-02-10\nsam,Security basics 2026,2026-03-01\n",
            status: .approved),
        Piece(
            title: "Change approvals for production deploys", file: "changes.csv", criteria: ["CC8.1"], controls: ["CHG-01"],
            frequency: .perEvent, endedDaysAgo: 10, spanDays: 90, method: "GitHub merged PRs to main with approvals",
            content:
                "pr,merged_at,author,approver,tests_passed\n4412,2026-09-02,erin,adam,true\n4431,2026-09-20,erin,olivia,true\n4470,2026-10-11,adam,erin,true\n",
            status: .ready),
        Piece(
            title: "Encryption at rest configuration", file: "kms.json", criteria: ["CC6.1", "C1.1"], controls: ["DAT-01"],
            frequency: .quarterly, endedDaysAgo: 200, spanDays: 1, method: "aws kms list-keys; aws rds describe-db-instances",
            content: "{\"rds\":{\"prod\":{\"storage_encrypted\":true,\"kms_key\":\"alias/prod-rds\"}},\"s3\":{\"default_encryption\":\"aws:kms\"}}\n",
            status: .approved),
    ]

    static func seed(_ service: EvidenceService, scope: TenantScope) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-demo-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let today = Timestamp.date(String(Timestamp.rfc3339(Date()).prefix(10)))!
        for piece in pieces {
            let file = folder.appendingPathComponent(piece.file)
            try Data(piece.content.utf8).write(to: file)
            let end = today.addingTimeInterval(Double(-piece.endedDaysAgo) * 86_400)
            let period = try EvidencePeriod(start: end.addingTimeInterval(Double(-(piece.spanDays - 1)) * 86_400), end: end)
            let item = try await service.ingest(
                contentsOf: file,
                .init(
                    fileName: piece.file, period: period,
                    source: EvidenceSource(
                        kind: .import, actor: scope.actor.description, collector: piece.method == nil ? nil : "demo-export", method: piece.method),
                    details: NewEvidence(title: piece.title, controls: piece.controls, criteria: piece.criteria, frequency: piece.frequency)),
                in: scope)
            if piece.status != .notReady {
                _ = try await service.store.evidence.review(
                    item.id, status: piece.status,
                    comment: piece.status == .flagged ? "Runbook finding: re-test after the fix." : nil, in: scope)
            }
        }
    }
}
