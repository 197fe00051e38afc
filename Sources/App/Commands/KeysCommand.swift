import ArgumentParser
import ComplianceCore
import Foundation
import UseCases

/// `attest keys`: the organisation's published signing keys, and their rotation.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "An organisation's published signing keys.", subcommands: [List.self, Rotate.self, Checkpoint.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the organisation's key list as served at /.well-known/attest/keys/{org} (JSON); save it to verify offline.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String

        func run() async throws {
            let list = try await Runtime.withWorkflows(try data.settings()) { try await $0.keys.published(slug: org) }
            print(String(decoding: try CanonicalJSON.readableEncoder.encode(list), as: UTF8.self))
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the organisation's signing key. The old key stays listed (closed now) for the documents it signed.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String

        func run() async throws {
            let key = try await Runtime.withWorkflows(try data.settings()) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                return try await workflows.keys.rotate(in: scope)
            }
            print("\(org): new signing key \(key.fingerprint), valid from \(Timestamp.rfc3339(key.validFrom)); the change is in the log")
        }
    }

    struct Checkpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the log's latest checkpoint (C2SP signed note); keep it outside the database for `attest verify --checkpoint`.")
        @OptionGroup var data: DataOptions
        @Option(help: "Organisation slug.") var org: String

        func run() async throws {
            let note = try await Runtime.withWorkflows(try data.settings()) { workflows in
                let scope = try await workflows.organizations.operatorScope(slug: org, operatorName: NSUserName())
                return try await workflows.keys.checkpoint(in: scope)
            }
            print(note, terminator: "")
        }
    }
}
