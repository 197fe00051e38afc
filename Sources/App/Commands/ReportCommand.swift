import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import Reports
import UseCases
import Web

/// `attest report render` writes a report in any format; `attest report verify` checks a file.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Render or verify SOC 2 reports.", subcommands: [Render.self, Verify.self])

    struct Render: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an engagement's report (the latest version unless --version) as html, pdf, xlsx or oscal.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug (the client).") var org: String
        @Option(help: "Engagement id (default: the most recent).") var engagement: String?
        @Option(help: "html, pdf, xlsx or oscal.") var format: String = "html"
        @Option(help: "A version number (default: the latest).") var version: Int?
        @Flag(help: "The SOC 3 instead of the SOC 2 (html or pdf).") var soc3 = false
        @Option(help: "For oscal: catalog, component-definition or assessment-results.") var model: String = "assessment-results"
        @Option(help: "The file to write.") var output: String

        func run() async throws {
            let format = try ReportService.Format.parse(format)
            let model = try OSCALExport.Model.parse(model)
            if let version, version < 1 { throw ValidationError("--version must be 1 or more.") }
            let settings = try data.settings()
            let written = try await Runtime.withWorkflows(settings) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                let id = try await EngagementChoice.resolve(engagement, workflows: workflows, scope: scope)
                let service = workflows.reportDocuments
                if format == .pdf { FileHandle.standardError.write(Data("… printing through headless Chromium\n".utf8)) }
                let rendered = try await service.render(id, version: version, soc3: soc3, format: format, oscal: model, in: scope)
                try rendered.bytes.write(to: URL(fileURLWithPath: output))
                return rendered
            }
            print("wrote \(output) (\(written.bytes.count) bytes, \(written.contentType))")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Check that a report, SOC 3 or bridge letter (HTML or PDF) is genuine and unaltered. Exit 0 when genuine, 1 when not, with the reason.",
            discussion: """
                attest report verify report.pdf --keys https://attest.example/.well-known/attest/keys/example-assurance
                attest report verify report.html --keys keys.json        a key list saved earlier
                attest report verify report.html                         the keys this installation's logs publish
                """)
        @OptionGroup var data: DataOptions
        @Argument(help: "The report's HTML or PDF file, as downloaded.") var file: String
        @Option(help: "The issuer's published key list, as a URL or a file (/.well-known/attest/keys/{org}).") var keys: String?
        @Option(help: "The issuer's Ed25519 public key (base64), when you hold no key list.") var publicKey: String?

        /// Reports are a few megabytes at most; a larger file is not one.
        static let maxBytes = 256 << 20

        func run() async throws {
            guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int, size <= Self.maxBytes,
                let bytes = FileManager.default.contents(atPath: file)
            else { throw ValidationError("cannot read '\(file)', or it is larger than \(Self.maxBytes >> 20) MiB.") }
            var list: PublishedKeyList?
            if let keys { list = try await OutsideDocument.keyList(keys) }
            var trusted: [PublishedKey]?
            if let publicKey {
                guard let raw = Data(base64Encoded: publicKey), raw.count == 32 else {
                    throw ValidationError("--public-key must be 32 bytes in base64.")
                }
                trusted = [PublishedKey(publicKey: Array(raw), organizationID: UUID(), validFrom: .distantPast)]
            }
            let settings = try data.settings()
            // The issuer's key comes from this installation or from the caller, never from the file.
            let hasDatabase: Bool
            switch settings.database {
            case .sqliteFile(let path): hasDatabase = FileManager.default.fileExists(atPath: path)
            case .postgres: hasDatabase = true
            case .sqliteMemory: hasDatabase = false
            }
            let result: ReportSeal.Verification
            if trusted == nil && hasDatabase {
                result = try await Runtime.withWorkflows(settings) { workflows in
                    try await workflows.reportDocuments.verify(Array(bytes), trusting: list)
                }
            } else if let list {
                result = ReportSeal.verify(Array(bytes), trusting: list)
            } else {
                result = ReportSeal.verify(Array(bytes)) { _ in trusted }
            }
            print(result.genuine ? "GENUINE: \(result.reason)" : "NOT GENUINE: \(result.reason)")
            if let payload = result.payload {
                print(
                    "document: \(payload.documentName)\nissuer: \(payload.issuerName) (\(payload.issuer))\norganisation: \(payload.organizationName)\nperiod: \(payload.period)\nversion: \(payload.version)\nsha256: \(payload.contentSHA256)"
                )
            }
            if !result.genuine { throw ExitCode(1) }
        }
    }
}
