import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import Reports

/// The audit binder of an engagement: `index.html` to browse offline, every workpaper as JSON, the
/// evidence they reference, and `manifest.json` with each file's SHA-256 and the log's signed head.
public enum BinderExport {
    struct Manifest: Encodable {
        let engagement: String
        let organization: String
        let generatedAt: String
        let logHead: Head
        let files: [BinderArchive.Entry]

        struct Head: Encodable {
            let treeSize: Int
            let rootHash: String
            let timestamp: Int64
            let signature: String
            let publicKey: String
        }

        enum CodingKeys: String, CodingKey {
            case engagement, organization, files
            case generatedAt = "generated_at"
            case logHead = "log_head"
        }
    }

    /// Writes the binder to `url`. Returns the number of files in it (the manifest included).
    @discardableResult
    public static func write(
        engagementID: UUID, in scope: TenantScope, store: Store, evidence service: EvidenceService, to url: URL,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Int {
        let programme = store.programme
        let engagement = try await programme.fieldwork.engagement(engagementID, in: scope)
        // The binder is the audit firm's file (the operator may export it too), with unreleased work in it.
        try scope.require(.performFieldwork)
        try scope.require(.viewEvidence)
        let walkthroughs = try await programme.fieldwork.walkthroughs(engagementID, in: scope)
        let populations = try await programme.fieldwork.populations(engagementID, in: scope)
        let samples = try await programme.fieldwork.samples(engagementID, in: scope)
        let tests = try await programme.fieldwork.tests(engagementID, in: scope)
        let conclusions = try await programme.fieldwork.conclusions(engagementID, in: scope)
        let requests = try await programme.requestList.requests(of: engagementID, in: scope)
        let head = try await service.log.head(of: scope.organizationID)

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("attest-binder-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: scratch) }
        try? FileManager.default.removeItem(at: url)
        var archive = try BinderArchive(creating: url)

        func json(_ value: some Encodable) throws -> Data { try CanonicalJSON.encode(value) }
        try archive.add("engagement.json", .data(try json(engagement)))
        try archive.add("requests.json", .data(try json(requests)))
        try archive.add("conclusions.json", .data(try json(conclusions)))
        for walkthrough in walkthroughs {
            try archive.add("workpapers/walkthrough-\(walkthrough.id.uuidString.lowercased()).json", .data(try json(walkthrough)))
        }
        for population in populations {
            try archive.add("workpapers/population-\(population.id.uuidString.lowercased()).json", .data(try json(population)))
        }
        for sample in samples { try archive.add("workpapers/sample-\(sample.id.uuidString.lowercased()).json", .data(try json(sample))) }
        for test in tests { try archive.add("workpapers/test-\(test.id.uuidString.lowercased()).json", .data(try json(test))) }
        progress("\(walkthroughs.count + populations.count + samples.count + tests.count) workpapers")

        // Evidence the workpapers reference: the population's frozen version, or each item's versions.
        var wanted: [(UUID, Int?)] = populations.map { ($0.evidenceID, $0.evidenceVersion) }
        for id in Set(walkthroughs.flatMap(\.evidenceIDs) + tests.flatMap(\.evidenceIDs)) { wanted.append((id, nil)) }
        var evidenceLinks: [(title: String, version: Int, path: String, sha256: String)] = []
        var seen = Set<String>()
        for (id, number) in wanted {
            guard let (item, versions) = try? await EvidenceWorkflow(storage: store.evidence).get(id, in: scope) else { continue }
            for version in versions where number == nil || version.number == number {
                let path = "evidence/\(version.sha256.prefix(16))-\(version.fileName)"
                guard seen.insert(path).inserted else { continue }
                let copy = scratch.appendingPathComponent(version.sha256)
                guard FileManager.default.createFile(atPath: copy.path, contents: nil) else {
                    throw DomainError.conflict("binder_failed", "Cannot write a temporary copy of \(version.fileName) for the binder.")
                }
                let handle = try FileHandle(forWritingTo: copy)
                do {
                    try await service.blobs.read(version.sha256) { chunk in try handle.write(contentsOf: chunk) }
                    try handle.close()
                } catch {
                    try? handle.close()
                    throw error
                }
                // The blob store re-checked these bytes against the version's digest as it read them.
                try archive.add(path, .file(copy, sha256: version.sha256, bytes: version.size))
                try? FileManager.default.removeItem(at: copy)
                evidenceLinks.append((item.title, version.number, path, version.sha256))
            }
        }
        progress("\(evidenceLinks.count) evidence files")

        let index = indexHTML(
            organization: scope.organization.name, engagement: engagement, walkthroughs: walkthroughs, populations: populations,
            samples: samples, tests: tests, conclusions: conclusions, evidence: evidenceLinks, head: head.head.rootHash.hex,
            treeSize: head.head.treeSize)
        try archive.add("index.html", .data(Data(index.utf8)))
        let manifest = Manifest(
            engagement: engagement.id.uuidString.lowercased(), organization: scope.organization.slug.rawValue, generatedAt: Timestamp.rfc3339(Date()),
            logHead: .init(
                treeSize: head.head.treeSize, rootHash: head.head.rootHash.hex, timestamp: head.head.timestamp,
                signature: Data(head.head.signature).base64EncodedString(), publicKey: Data(head.publicKey).base64EncodedString()),
            files: archive.entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try archive.add("manifest.json", .data(try encoder.encode(manifest)))
        return archive.entries.count
    }

    static func indexHTML(
        organization: String, engagement: Engagement, walkthroughs: [Walkthrough], populations: [Population], samples: [Sample],
        tests: [ControlTest], conclusions: [CriterionConclusion], evidence: [(title: String, version: Int, path: String, sha256: String)],
        head: String, treeSize: Int
    ) -> String {
        let e = Markdown.escape
        func row(_ cells: [String]) -> String { "<tr>" + cells.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        func link(_ path: String, _ text: String) -> String { "<a href=\"\(e(path))\">\(e(text))</a>" }
        func signed(_ signoffs: SignOffs?) -> String {
            [
                signoffs?.preparer.map { "prepared by \(e($0.by)) \(Timestamp.rfc3339($0.at))" },
                signoffs?.reviewer.map { "reviewed by \(e($0.by)) \(Timestamp.rfc3339($0.at))" },
            ]
            .compactMap { $0 }.joined(separator: "; ").nonEmpty ?? "not signed"
        }
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Audit binder: \(e(organization)), \(e(engagement.name))</title>
            <style>body{font:14px/1.5 system-ui,sans-serif;max-width:70rem;margin:2rem auto;color:#1b1f24}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
            td,th{border:1px solid #d6dbe1;padding:.3rem .5rem;text-align:left;vertical-align:top}code{font-size:12px}</style></head><body>
            <h1>Audit binder: \(e(organization))</h1>
            <p>\(e(engagement.name)) · \(engagement.scope.reportType.displayName) · \(e(engagement.scope.periodLabel)) · audit firm \(e(engagement.auditFirm ?? "not named"))</p>
            <p>Log at export: tree size \(treeSize), root <code>\(head)</code>. Every file's SHA-256 is in <a href="manifest.json">manifest.json</a>.
            \(link("engagement.json", "Engagement")) · \(link("requests.json", "Request list")) · \(link("conclusions.json", "Conclusions"))</p>
            <h2>Conclusions per criterion</h2><table><tr><th>Criterion</th><th>Result</th><th>Controls tested</th></tr>
            """
        for conclusion in conclusions where conclusion.result != .notTested {
            html += row([
                e(conclusion.criterion), e(conclusion.result.rawValue),
                e(conclusion.controls.map { "\($0.control): \($0.conclusion.rawValue)" }.joined(separator: ", ")),
            ])
        }
        html += "</table><h2>Walkthroughs</h2><table><tr><th>Control</th><th>Date</th><th>Design</th><th>Sign-off</th></tr>"
        for item in walkthroughs {
            html += row([
                link("workpapers/walkthrough-\(item.id.uuidString.lowercased()).json", item.control), "\(item.date)",
                e("\(item.design.rawValue): \(item.reason)"), signed(item.signoffs),
            ])
        }
        html +=
            "</table><h2>Populations</h2><table><tr><th>Population</th><th>Rows</th><th>SHA-256</th><th>Completeness and accuracy</th><th>Sign-off</th></tr>"
        for item in populations {
            html += row([
                link("workpapers/population-\(item.id.uuidString.lowercased()).json", "\(item.name) v\(item.version)"), "\(item.scan.rows)",
                "<code>\(item.scan.sha256)</code>", e(item.completenessProcedure), signed(item.signoffs),
            ])
        }
        html += "</table><h2>Samples</h2><table><tr><th>Control</th><th>Size</th><th>Method and seed</th><th>Rows</th><th>Sign-off</th></tr>"
        for item in samples {
            html += row([
                link("workpapers/sample-\(item.id.uuidString.lowercased()).json", item.control), "\(item.allSelected.count)",
                "\(item.draw.method.rawValue), seed \(item.draw.seed)",
                item.selectedRowsText,
                signed(item.signoffs),
            ])
        }
        html +=
            "</table><h2>Tests</h2><table><tr><th>Control</th><th>Items</th><th>Conclusion</th><th>Exceptions and management's response</th><th>Sign-off</th></tr>"
        for item in tests {
            let exceptions = item.exceptions.map {
                "\(e($0.description)) (\($0.count), \($0.evaluation.rawValue)); response: \(e($0.managementResponse ?? "none yet"))"
            }.joined(separator: "<br>")
            html += row([
                link("workpapers/test-\(item.id.uuidString.lowercased()).json", item.control), "\(item.items.count)", item.conclusion.rawValue,
                exceptions.isEmpty ? "none" : exceptions, signed(item.signoffs),
            ])
        }
        html += "</table><h2>Evidence</h2><table><tr><th>Item</th><th>Version</th><th>SHA-256</th></tr>"
        for item in evidence { html += row([link(item.path, item.title), "\(item.version)", "<code>\(item.sha256)</code>"]) }
        return html + "</table></body></html>\n"
    }
}

extension String {
    var nonEmpty: String? { isEmpty ? nil : self }
}
