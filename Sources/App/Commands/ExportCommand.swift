import ArgumentParser
import ComplianceCore
import EvidenceStore
import Foundation
import Persistence
import UseCases
import Web

/// `attest export binder`: the engagement's audit binder as a ZIP.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export an engagement.", subcommands: [Binder.self])

    struct Binder: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write the audit binder: index.html, every workpaper, the evidence they reference, and manifest.json with SHA-256s and the log's signed head."
        )
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug (the client).") var org: String
        @Option(help: "Engagement id (default: the most recent).") var engagement: String?
        @Option(help: "The ZIP file to write.") var output: String

        func run() async throws {
            let settings = try data.settings()
            let count = try await Runtime.withWorkflows(settings) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                let id = try await EngagementChoice.resolve(engagement, workflows: workflows, scope: scope)
                return try await workflows.writeBinder(of: id, in: scope, to: URL(fileURLWithPath: output)) { line in
                    FileHandle.standardError.write(Data("… \(line)\n".utf8))
                }
            }
            print("wrote \(output) (\(count) files, manifest.json lists their SHA-256)")
        }
    }
}
