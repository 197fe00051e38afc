import ComplianceCore
import Crypto
import EvidenceStore
import Foundation
import Persistence
import Reports

/// Renders, issues and verifies reports: `ReportWorkflow` keeps the lifecycle and its rules; this
/// adds what needs keys and renderers (HTML, PDF, XLSX, OSCAL, the seal).
public struct ReportService: Sendable {
    public let store: Store
    public let log: TransparencyLog
    /// The programme's use cases over `store`, built once rather than on every call.
    let programme: ProgrammeWorkflows

    public init(store: Store, log: TransparencyLog) {
        self.store = store
        self.log = log
        programme = store.programme
    }

    public enum Format: String, Sendable, CaseIterable {
        case html, pdf, xlsx, oscal

        public static func parse(_ text: String?) throws(DomainError) -> Format {
            guard let text else { return .html }
            guard let format = Format(rawValue: text) else { throw .invalid("format", "'\(text.prefix(20))' is not html, pdf, xlsx or oscal.") }
            return format
        }
    }

    public struct Output: Sendable {
        public let bytes: Data
        public let contentType: String
        public let fileName: String

        public init(bytes: Data, contentType: String, fileName: String) {
            self.bytes = bytes
            self.contentType = contentType
            self.fileName = fileName
        }
    }

    /// One version (the latest when `number` is nil) as SOC 2 or SOC 3, in a format.
    public func render(
        _ id: UUID, version number: Int?, soc3: Bool = false, format: Format, oscal model: OSCALExport.Model = .assessmentResults,
        in scope: TenantScope
    ) async throws -> Output {
        let version = try await programme.reports.version(number, of: id, in: scope)
        guard let document = soc3 ? version.soc3 : version.document else { throw DomainError.notFound("The SOC 3 of version \(version.number)") }
        let base = "\(document.organization)-\(soc3 ? "soc3" : "soc2")-v\(version.number)\(version.status == .final ? "" : "-draft")"
        let html =
            (soc3 ? version.sealedSOC3 : version.sealedHTML)
            ?? ReportHTML.render(document, draft: version.status != .final, comments: version.comments.map { "\($0.by) (\($0.side)): \($0.text)" })
        switch format {
        case .html:
            return Output(bytes: Data(html.utf8), contentType: "text/html; charset=utf-8", fileName: base + ".html")
        case .pdf:
            // A final version is printed from its sealed HTML and the PDF carries the seal too.
            if version.status == .final {
                return Output(bytes: try await printSealed(html), contentType: "application/pdf", fileName: base + ".pdf")
            }
            return Output(bytes: try await PDFRenderer.locate().pdf(html: html), contentType: "application/pdf", fileName: base + ".pdf")
        case .xlsx:
            guard !soc3 else { throw DomainError.invalid("format", "a SOC 3 has no test table; use html or pdf.") }
            return Output(
                bytes: try ReportWorkbook.xlsx(document), contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                fileName: base + ".xlsx")
        case .oscal:
            guard !soc3 else { throw DomainError.invalid("format", "OSCAL is offered for the SOC 2 report; use html or pdf for the SOC 3.") }
            return Output(
                bytes: try OSCALExport.document(model, report: document, catalog: store.content.catalog), contentType: "application/json",
                fileName: "\(base)-oscal-\(model.rawValue).json")
        }
    }

    /// The auditor issues the final report: one decision, one load of the engagement and of what the
    /// checks need, then the core's rules (independence, IssueCheck), the documents, the firm's seal
    /// over them with the client's latest signed log head, and one write.
    public func issue(_ id: UUID, in scope: TenantScope, now: Date = Date()) async throws -> ReportVersion {
        try scope.require(.issueReport)
        let engagement = try await programme.engagements.find(id, visibleTo: scope)
        let material = try await programme.reports.issueMaterial(for: engagement, in: scope)
        guard material.independenceConfirmed else {
            throw DomainError.independenceRequired
        }
        let problems = material.problems
        guard problems.isEmpty else {
            throw DomainError.conflict("not_ready_to_issue", "The report cannot be issued yet. " + problems.joined(separator: " "))
        }
        let number = (material.versions.map(\.number).max() ?? 0) + 1
        let builder = ReportBuilder(material.inputs)
        let document = try builder.build(version: number, now: now)
        let soc3 = try builder.build(kind: .soc3, version: number, now: now)
        let key = try await log.signingKey(of: material.firmID, now: now)
        let head = try await log.head(of: scope.organizationID, now: now)
        let checkpoint = try await log.note(for: head)
        func sealed(_ document: ReportDocument) throws -> String {
            let content = Array(ReportHTML.render(document, draft: false).utf8)
            let bytes = try ReportSeal.seal(
                content, subject: document.sealSubject, issuer: (slug: document.firm, name: document.firmName), issuedAt: now,
                key: key, head: head.head, headKey: head.publicKey, checkpoint: checkpoint)
            return String(decoding: bytes, as: UTF8.self)
        }
        let version = ReportVersion(
            id: UUID(), engagementID: id, number: number, status: .final, document: document, soc3: soc3, comments: [],
            createdBy: material.actorLabel,
            createdAt: now.roundedToMilliseconds, issuedBy: material.actorLabel, issuedAt: now.roundedToMilliseconds,
            sealedHTML: try sealed(document), sealedSOC3: try sealed(soc3))
        return try await programme.reports.saveFinal(version, in: scope, now: now)
    }

    /// Management's bridge letter, sealed with the service organisation's own key.
    public func bridgeLetter(
        _ id: UUID, through: Day, changes: [String], signatory: String, position: String, in scope: TenantScope,
        now: Date = Date()
    ) async throws -> BridgeLetter {
        let inputs = try await programme.reports.inputs(id, in: scope)
        try scope.require(.writeBridgeLetter)
        let (final, end) = try BridgeLetter.check(
            versions: try await programme.reports.versions(id, in: scope), through: through, changes: changes, today: Day(now))
        let assertion = try ManagementAssertion(engagementID: id, signatory: signatory, position: position, acceptedBy: "", acceptedAt: now)
        let organization = (slug: scope.organization.slug.rawValue, name: scope.organization.name)
        let filled = try ReportBuilder(inputs).paragraphs("bridge_letter", extra: ["bridge_end": "\(through)"])
        let html = BridgeLetterHTML.render(
            organizationName: organization.name, date: Day(now), paragraphs: filled, changes: changes,
            signatory: signatory.trimmingCharacters(in: .whitespaces), position: position.trimmingCharacters(in: .whitespaces))
        let subject = ReportSeal.Subject(
            kind: "bridge_letter", organization: organization.slug, organizationName: organization.name, engagementID: id,
            reportType: final.document.reportType.rawValue, period: "\(end.adding(days: 1)) to \(through)", coverageEnd: through,
            version: final.number)
        let bytes = try ReportSeal.seal(
            Array(html.utf8), subject: subject, issuer: organization, issuedAt: now,
            key: try await log.signingKey(of: scope.organizationID, now: now), head: nil, headKey: nil)
        let letter = BridgeLetter(
            id: UUID(), engagementID: id, reportVersion: final.number, through: through, changes: changes, signatory: assertion.signatory,
            position: assertion.position, createdBy: try await programme.reports.label(of: scope), createdAt: now.roundedToMilliseconds,
            sealedHTML: String(decoding: bytes, as: UTF8.self))
        return try await programme.reports.saveBridgeLetter(letter, in: scope, now: now)
    }

    /// Checks a file (HTML or PDF) against a key list given from outside, or else against the keys
    /// the issuer's own log publishes on this installation.
    public func verify(_ bytes: [UInt8], trusting list: PublishedKeyList? = nil) async throws -> ReportSeal.Verification {
        if let list { return ReportSeal.verify(bytes, trusting: list) }
        var known: [String: [PublishedKey]] = [:]
        if let issuer = ReportSeal.peekIssuer(bytes), let organization = try? await store.organizations.find(slug: issuer) {
            let keys = try await log.listedKeys(of: organization.id)
            if !keys.isEmpty { known[issuer] = keys }
        }
        return ReportSeal.verify(bytes) { known[$0] }
    }

    /// Prints a sealed report or letter to PDF and seals the PDF with its issuer's current key.
    public func printSealed(_ sealedHTML: String) async throws -> Data {
        let html = Array(sealedHTML.utf8)
        guard let issuer = ReportSeal.peekIssuer(html), let organization = try await store.organizations.find(slug: issuer) else {
            throw DomainError.invalid("report", "the document carries no readable seal to print.")
        }
        let pdf = try await PDFRenderer.locate().pdf(html: sealedHTML)
        return Data(try PDFSeal.seal(Array(pdf), from: html, key: try await log.signingKey(of: organization.id)))
    }
}
